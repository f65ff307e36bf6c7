using Microsoft.Extensions.Options;
using OmniSupport.Orchestrations.Calls;
using OmniSupport.Orchestrations.Signals;
using OmniSupport.Server.Durable;
using OmniSupport.Storage;

namespace OmniSupport.Server.Workers;

/// <summary>The <c>sla-signals</c> queue: conversation activity to the SLA orchestrations.</summary>
public sealed class SlaSignalQueueWorker(
    ApplySlaSignal apply,
    TaskHubSlaClient client,
    IOptions<DurableOptions> durable,
    StorageClients storage,
    IOptions<StorageOptions> storageOptions,
    IOptions<QueueWorkerOptions> options,
    ILogger<SlaSignalQueueWorker> logger) : QueueWorker(storage, storageOptions, options, logger)
{
    public override string QueueName => StorageNames.SlaSignalsQueueName;

    /// <summary>Signals wait on the queue when this Server runs no orchestrations.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        durable.Value.Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override Task HandleAsync(string messageText, CancellationToken ct) => apply.HandleAsync(messageText, client, ct);
}

/// <summary>The <c>callbacks</c> queue: call tasks to the dialer (Twilio Voice, <c>Channels:Twilio</c>) when it is configured.</summary>
public sealed class CallbackQueueWorker(
    PlaceCallTask place,
    StorageClients storage,
    IOptions<StorageOptions> storageOptions,
    IOptions<QueueWorkerOptions> options,
    ILogger<CallbackQueueWorker> logger) : QueueWorker(storage, storageOptions, options, logger)
{
    public override string QueueName => StorageNames.CallbacksQueueName;

    protected override Task HandleAsync(string messageText, CancellationToken ct) => place.HandleAsync(messageText, ct);
}
