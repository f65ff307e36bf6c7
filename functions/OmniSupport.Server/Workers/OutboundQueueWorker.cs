using Microsoft.Extensions.Options;
using OmniSupport.Core.Outbound;
using OmniSupport.Storage;

namespace OmniSupport.Server.Workers;

/// <summary>The <c>outbound</c> queue: each message to its channel's sender, the outcome on the timeline.</summary>
public sealed class OutboundQueueWorker(
    DeliverOutboundMessage deliver,
    StorageClients storage,
    IOptions<StorageOptions> storageOptions,
    IOptions<QueueWorkerOptions> options,
    ILogger<OutboundQueueWorker> logger) : QueueWorker(storage, storageOptions, options, logger)
{
    public override string QueueName => StorageNames.OutboundQueueName;

    protected override Task HandleAsync(string messageText, CancellationToken ct) => deliver.HandleAsync(messageText, ct);
}
