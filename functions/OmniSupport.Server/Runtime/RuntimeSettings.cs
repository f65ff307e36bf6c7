using OmniSupport.Server.Durable;
using OmniSupport.Server.Workers;

namespace OmniSupport.Server.Runtime;

/// <summary>
/// The Server's queue and Durable settings: host.json's first (the file the Functions app ships, so both hosts
/// run with the same semantics), then <c>Worker:*</c> and <c>Durable:*</c> settings as explicit overrides.
/// </summary>
public static class RuntimeSettings
{
    public static IServiceCollection AddHostJsonRuntimeSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => HostJson.Load(configuration));

        services.AddOptions<QueueWorkerOptions>()
            .Configure<HostJson>((o, host) => ApplyQueues(host.Queues, o))
            .Bind(configuration.GetSection(QueueWorkerOptions.SectionName))
            .Validate(o => o.BatchSize is >= 1 and <= 32, "extensions.queues.batchSize (or Worker:BatchSize) must be 1-32.")
            .Validate(o => o.NewBatchThreshold >= 0, "extensions.queues.newBatchThreshold (or Worker:NewBatchThreshold) must not be negative.")
            .Validate(o => o.MaxDequeueCount >= 1, "extensions.queues.maxDequeueCount (or Worker:MaxDequeueCount) must be at least 1.")
            .Validate(o => o.VisibilityTimeoutSeconds is >= 0 and <= 7 * 24 * 3600, "extensions.queues.visibilityTimeout (or Worker:VisibilityTimeoutSeconds) must be 0 to 7 days.")
            .Validate(o => o.MaxPollIntervalMilliseconds >= 50, "extensions.queues.maxPollingInterval (or Worker:MaxPollIntervalMilliseconds) must be at least 50 ms.")
            .Validate(o => o.LeaseSeconds is >= 1 and <= 7 * 24 * 3600, "Worker:LeaseSeconds must be 1 s to 7 days.")
            .ValidateOnStart();

        services.AddOptions<DurableOptions>()
            .Configure<HostJson>((o, host) => ApplyDurable(host.Durable, o))
            .Bind(configuration.GetSection(DurableOptions.SectionName));
        return services;
    }

    /// <summary>host.json's queue settings as the Server's worker options (before any <c>Worker:*</c> override).</summary>
    public static void ApplyQueues(HostJsonQueues queues, QueueWorkerOptions o)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(o);
        o.BatchSize = queues.BatchSize;
        o.NewBatchThreshold = queues.NewBatchThreshold;
        o.MaxDequeueCount = queues.MaxDequeueCount;
        o.VisibilityTimeoutSeconds = queues.VisibilityTimeout.TotalSeconds;
        o.MaxPollIntervalMilliseconds = (int)queues.MaxPollingInterval.TotalMilliseconds;
    }

    /// <summary>host.json's Durable settings as the Server's backend options (before any <c>Durable:*</c> override).</summary>
    public static void ApplyDurable(HostJsonDurable durable, DurableOptions o)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(o);
        if (durable.HubName is { } hub)
        {
            o.TaskHubName = hub;
        }

        o.PartitionCount = durable.PartitionCount;
        o.MaxQueuePollingIntervalMilliseconds = (int)durable.MaxQueuePollingInterval.TotalMilliseconds;
        o.ControlQueueBatchSize = durable.ControlQueueBatchSize;
        o.ControlQueueBufferThreshold = durable.ControlQueueBufferThreshold;
        o.MaxConcurrentOrchestrations = durable.MaxConcurrentOrchestrations;
        o.MaxConcurrentActivities = durable.MaxConcurrentActivities;
        o.ExtendedSessions = durable.ExtendedSessions;
    }
}
