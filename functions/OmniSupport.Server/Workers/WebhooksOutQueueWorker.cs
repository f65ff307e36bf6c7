using Microsoft.Extensions.Options;
using OmniSupport.Core.Events;
using OmniSupport.Storage;

namespace OmniSupport.Server.Workers;

/// <summary>The <c>webhooks-out</c> queue: signed deliveries of conversation events to subscribed helpdesks.</summary>
public sealed class WebhooksOutQueueWorker(
    DeliverWebhook deliver,
    StorageClients storage,
    IOptions<StorageOptions> storageOptions,
    IOptions<QueueWorkerOptions> options,
    ILogger<WebhooksOutQueueWorker> logger) : QueueWorker(storage, storageOptions, options, logger)
{
    public override string QueueName => StorageNames.WebhooksOutQueueName;

    protected override Task HandleAsync(string messageText, CancellationToken ct) => deliver.HandleAsync(messageText, ct);
}
