namespace OmniSupport.Core.Outbound;

/// <summary>
/// The state of an outbound message, kept in the <c>status</c> metadata of its timeline event. The
/// order is the order a message moves through; a late report of an earlier state never moves it back.
/// </summary>
public static class OutboundStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";

    /// <summary>Maps a provider's status word to ours (null when it is not one we track, e.g. a click).</summary>
    public static string? Normalize(string? providerStatus) => providerStatus?.Trim().ToLowerInvariant() switch
    {
        "queued" or "accepted" or "processed" or "sending" or "scheduled" => Sent,
        "sent" => Sent,
        "delivered" or "delivery" => Delivered,
        "read" or "open" or "opened" or "seen" => Read,
        "failed" or "undelivered" or "bounce" or "bounced" or "dropped" or "blocked" or "deferred_failed"
            or "expired" or "rejected" or "canceled" or "cancelled" or "spamreport" => Failed,
        _ => null,
    };

    public static int Rank(string? status) => status switch
    {
        Pending => 0,
        Sent => 1,
        Delivered or Failed => 2,
        Read => 3,
        _ => -1,
    };

    /// <summary>Whether a report of <paramref name="next"/> should replace <paramref name="current"/>.</summary>
    public static bool Advances(string? current, string next) => next != current && Rank(next) >= Rank(current);
}

/// <summary>Metadata keys the outbound side writes on timeline events, and reads from inbound ones.</summary>
public static class OutboundMetadata
{
    public const string Status = "status";
    public const string StatusAt = "statusAt";
    public const string StatusHistory = "statusHistory";
    public const string ProviderStatus = "providerStatus";
    public const string FailureReason = "failureReason";
    public const string OutboundId = "outboundId";
    public const string Actor = "actor";
    public const string Kind = "kind";

    /// <summary>On an inbound Intercom event: the Intercom conversation id a reply goes to (the Intercom adapter writes it).</summary>
    public const string IntercomConversationId = "intercom_conversation_id";

    /// <summary>On an inbound email event: its References header (space-separated message ids).</summary>
    public const string EmailReferences = "references";

    /// <summary>
    /// On a delivery-status item: our outbound id when the provider echoes it back (SendGrid custom_args
    /// <c>omnisupport_outbound_id</c>); the status is then matched without the provider id index.
    /// </summary>
    public const string EchoedOutboundId = "omnisupport_outbound_id";
}
