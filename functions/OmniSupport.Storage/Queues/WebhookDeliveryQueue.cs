using OmniSupport.Core.Events;
using OmniSupport.Storage.Tables;

namespace OmniSupport.Storage.Queues;

/// <summary>The <c>webhooks-out</c> queue; a retry is a new message made visible after its backoff.</summary>
public sealed class WebhookDeliveryQueue(StorageClients clients) : IWebhookDeliveryQueue
{
    public async Task EnqueueAsync(WebhookDeliveryMessage message, TimeSpan delay, CancellationToken ct) =>
        await clients.Queue(clients.Names.WebhooksOutQueue).SendMessageAsync(
            Json.Serialize(message),
            visibilityTimeout: delay > TimeSpan.Zero ? delay : null,
            cancellationToken: ct);
}
