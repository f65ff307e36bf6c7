using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniSupport.Core.Events;

/// <summary>
/// The <c>webhooks-out</c> worker's use case: sign and post one delivery; on a non-2xx or a network
/// error, queue the next try after an exponential backoff, until <c>MaxAttempts</c>. Every try is logged.
/// </summary>
public sealed class DeliverWebhook(
    ISubscriptionStore subscriptions,
    IWebhookDeliveryQueue queue,
    IWebhookSender sender,
    IOptionsMonitor<HelpdeskWebhookOptions> options,
    TimeProvider clock,
    ILogger<DeliverWebhook> log)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(string queueMessageText, CancellationToken ct)
    {
        var message = JsonSerializer.Deserialize<WebhookDeliveryMessage>(queueMessageText, Web)
            ?? throw new JsonException("Empty webhook delivery message.");
        var subscription = await subscriptions.GetAsync(message.SubscriptionId, ct);
        var delivery = await subscriptions.GetDeliveryAsync(message.SubscriptionId, message.DeliveryId, ct);
        if (subscription is null || delivery is null)
        {
            log.LogInformation("Delivery {DeliveryId} dropped: subscription {SubscriptionId} is gone", message.DeliveryId, message.SubscriptionId);
            return;
        }

        if (delivery.Status is DeliveryStatus.Delivered or DeliveryStatus.Failed || delivery.Attempts >= message.Attempt)
        {
            return; // a redelivered queue message for a try already made
        }

        var now = clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>
        {
            [WebhookSignature.SignatureHeader] = WebhookSignature.Sign(subscription.Secret, timestamp, message.Body),
            [WebhookSignature.TimestampHeader] = timestamp,
            [WebhookSignature.DeliveryHeader] = delivery.Id,
            [WebhookSignature.EventHeader] = delivery.EventType,
        };
        var result = await sender.PostAsync(new WebhookPost(new Uri(subscription.Url), message.Body, headers), ct);

        var o = options.CurrentValue;
        delivery.Attempts = message.Attempt;
        delivery.LastAttemptAt = now;
        delivery.LastStatusCode = result.StatusCode;
        delivery.LastError = result.Error;
        if (result.Succeeded)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.NextAttemptAt = null;
        }
        else if (message.Attempt >= o.MaxAttempts)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.NextAttemptAt = null;
        }
        else
        {
            var delay = Backoff(o, message.Attempt);
            delivery.Status = DeliveryStatus.Retrying;
            delivery.NextAttemptAt = now + delay;
            await queue.EnqueueAsync(new WebhookDeliveryMessage
            {
                DeliveryId = message.DeliveryId,
                SubscriptionId = message.SubscriptionId,
                Body = message.Body,
                Attempt = message.Attempt + 1,
            }, delay, ct);
        }

        await subscriptions.SaveDeliveryAsync(delivery, ct);
        log.LogInformation("Delivery {DeliveryId} try {Attempt}: {Status} ({StatusCode})", delivery.Id, message.Attempt, delivery.Status, result.StatusCode);
    }

    public static TimeSpan Backoff(HelpdeskWebhookOptions o, int attempt) =>
        TimeSpan.FromSeconds(Math.Min(o.MaxDelaySeconds, o.BaseDelaySeconds * Math.Pow(2, Math.Max(0, attempt - 1))));
}
