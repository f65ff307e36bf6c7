using Microsoft.Extensions.Options;
using OmniSupport.Core.Ingest;
using OmniSupport.Storage;

namespace OmniSupport.Server.Workers;

/// <summary>The <c>inbound</c> queue: one webhook's messages to the timeline.</summary>
public sealed class InboundQueueWorker(
    ProcessInboundEnvelope process,
    StorageClients storage,
    IOptions<StorageOptions> storageOptions,
    IOptions<QueueWorkerOptions> options,
    ILogger<InboundQueueWorker> logger) : QueueWorker(storage, storageOptions, options, logger)
{
    public override string QueueName => StorageNames.InboundQueueName;

    protected override Task HandleAsync(string messageText, CancellationToken ct) => process.HandleAsync(messageText, ct);
}
