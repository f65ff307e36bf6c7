namespace OmniSupport.Core.Events;

/// <summary>A helpdesk's subscription: where to post, the secret it signs with, which events.</summary>
public sealed class Subscription
{
    public required string Id { get; init; }
    public required string Url { get; init; }
    public required string Secret { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? CreatedBy { get; init; }

    public bool Wants(string eventType) => EventTypes.Contains("*") || EventTypes.Contains(eventType);
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Retrying = "retrying";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>One event to one subscription, with its attempts so far.</summary>
public sealed class WebhookDelivery
{
    public required string Id { get; init; }
    public required string SubscriptionId { get; init; }
    public required string EventId { get; init; }
    public required string EventType { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string Status { get; set; } = DeliveryStatus.Pending;
    public int Attempts { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
}

/// <summary>The <c>webhooks-out</c> queue message: the delivery and the exact body to sign and post.</summary>
public sealed class WebhookDeliveryMessage
{
    public required string DeliveryId { get; init; }
    public required string SubscriptionId { get; init; }
    public required string Body { get; init; }
    public int Attempt { get; init; } = 1;
}

public interface ISubscriptionStore
{
    Task CreateAsync(Subscription subscription, CancellationToken ct);

    Task<Subscription?> GetAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken ct);

    Task<bool> DeleteAsync(string id, CancellationToken ct);

    /// <summary>Inserts the delivery; false when it exists (the same event told twice).</summary>
    Task<bool> AddDeliveryAsync(WebhookDelivery delivery, CancellationToken ct);

    Task<WebhookDelivery?> GetDeliveryAsync(string subscriptionId, string deliveryId, CancellationToken ct);

    Task SaveDeliveryAsync(WebhookDelivery delivery, CancellationToken ct);

    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, int max, CancellationToken ct);
}

public interface IWebhookDeliveryQueue
{
    Task EnqueueAsync(WebhookDeliveryMessage message, TimeSpan delay, CancellationToken ct);
}

public sealed record WebhookPost(Uri Url, string Body, IReadOnlyDictionary<string, string> Headers);

public sealed record WebhookPostResult(int? StatusCode, string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>Posts a signed delivery to a helpdesk (HTTP lives outside Core).</summary>
public interface IWebhookSender
{
    Task<WebhookPostResult> PostAsync(WebhookPost post, CancellationToken ct);
}
