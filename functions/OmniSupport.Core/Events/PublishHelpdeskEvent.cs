using System.Text.Json;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Events;

/// <summary>Fans an event out to every subscription that wants it: one delivery row and one queue message each.</summary>
public sealed class PublishHelpdeskEvent(
    ISubscriptionStore subscriptions,
    IWebhookDeliveryQueue queue,
    TimeProvider clock,
    ILogger<PublishHelpdeskEvent> log) : IHelpdeskEvents
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(HelpdeskEvent helpdeskEvent, CancellationToken ct)
    {
        var targets = (await subscriptions.ListAsync(ct)).Where(s => s.Wants(helpdeskEvent.Type)).ToList();
        foreach (var subscription in targets)
        {
            var deliveryId = StableId.From("dlv", subscription.Id, helpdeskEvent.Id);
            var delivery = new WebhookDelivery
            {
                Id = deliveryId,
                SubscriptionId = subscription.Id,
                EventId = helpdeskEvent.Id,
                EventType = helpdeskEvent.Type,
                CreatedAt = clock.GetUtcNow(),
            };
            if (!await subscriptions.AddDeliveryAsync(delivery, ct))
            {
                continue; // the same occurrence was published before
            }

            var body = JsonSerializer.Serialize(new
            {
                id = helpdeskEvent.Id,
                deliveryId,
                type = helpdeskEvent.Type,
                occurredAt = helpdeskEvent.OccurredAt,
                actor = helpdeskEvent.Actor,
                conversationId = helpdeskEvent.ConversationId,
                customerId = helpdeskEvent.CustomerId,
                data = helpdeskEvent.Data,
            }, Web);
            await queue.EnqueueAsync(new WebhookDeliveryMessage { DeliveryId = deliveryId, SubscriptionId = subscription.Id, Body = body }, TimeSpan.Zero, ct);
        }

        if (targets.Count > 0)
        {
            log.LogInformation("Event {EventType} {EventId} queued for {Count} subscriptions", helpdeskEvent.Type, helpdeskEvent.Id, targets.Count);
        }
    }
}
