using OmniSupport.Api;
using OmniSupport.Api.Security;
using OmniSupport.Server.Durable;
using OmniSupport.Server.Runtime;
using OmniSupport.Server.Workers;

namespace OmniSupport.Server;

public static class ServerServices
{
    /// <summary>
    /// How long a stop may take in all (SIGTERM, Ctrl+C, a container stop): Kestrel's open requests, the queue
    /// workers and the Durable worker each get the host's shutdown token, and none waits on storage past it.
    /// Container runtimes allow 10 s (Docker) to 30 s (Kubernetes) before SIGKILL; this stays under both.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(8);

    /// <summary>What only the self-hosted Server needs: queue workers and the sweeper the Functions host runs as triggers.</summary>
    public static IServiceCollection AddOmniSupportServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblemDetails.Fill);
        services.AddExceptionHandler<OmniSupport.Api.Errors.ApiExceptionHandler>();
        services.AddApiKeyAuthorization();
        services.AddSingleton<OmniSupport.Api.Audit.AuditEndpointFilter>();
        services.AddKestrelRejectionBodies();
        services.AddOmniSupportTelemetry(configuration, "omnisupport-server");
        services.AddHostJsonRuntimeSettings(configuration); // Worker:* and Durable:* from host.json, overrides after it
        services.AddSingleton<InboundQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundQueueWorker>());
        services.AddSingleton<OutboundQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboundQueueWorker>());
        services.AddHostedService<InboxSweepWorker>();

        services.AddOptions<DurableOptions>()
            .Validate(o => o.TaskHubName.Length is >= 3 and <= 40 && o.TaskHubName.All(char.IsAsciiLetterOrDigit) && char.IsAsciiLetter(o.TaskHubName[0]),
                "Durable:TaskHubName must be 3-40 letters and digits, starting with a letter.")
            .Validate(o => o.PartitionCount is >= 1 and <= 16, "Durable:PartitionCount (host.json storageProvider.partitionCount) must be 1-16.")
            .Validate(o => o.MaxQueuePollingIntervalMilliseconds is >= 100 and <= 30000, "Durable:MaxQueuePollingIntervalMilliseconds (host.json storageProvider.maxQueuePollingInterval) must be 100-30000 ms.")
            .Validate(o => o.ControlQueueBatchSize is >= 1 and <= 32, "Durable:ControlQueueBatchSize (host.json storageProvider.controlQueueBatchSize) must be 1-32.")
            .Validate(o => o.TaskHubCount is >= 1 and <= 16, "Durable:TaskHubCount must be 1-16.")
            .Validate(o => o.ConnectionStrings.TrueForAll(c => !string.IsNullOrWhiteSpace(c)), "Durable:ConnectionStrings must not have an empty entry.")
            .ValidateOnStart();
        services.AddSingleton<TaskHubLayout>();
        services.AddSingleton<DurableHost>();
        services.AddSingleton<TaskHubSlaClient>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableHost>());
        services.AddSingleton<SlaSignalQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaSignalQueueWorker>());

        services.AddSingleton<TaskHubReminderClient>();
        services.AddSingleton<ReminderSignalQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderSignalQueueWorker>());
        services.AddHostedService<AppointmentImportWorker>();

        services.AddSingleton<CallbackQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<CallbackQueueWorker>());
        services.AddSingleton<WebhooksOutQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhooksOutQueueWorker>());
        return services;
    }
}
