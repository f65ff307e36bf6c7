namespace OmniSupport.Core.Outbound;

/// <summary>An outbound message as it travels on the <c>outbound</c> queue, with the trace it belongs to.</summary>
public sealed class OutboundQueueItem
{
    public required OutboundMessage Message { get; init; }
    public string? TraceParent { get; init; }
}

/// <summary>
/// The ledger's record of one outbound message: where its timeline event is and what the provider
/// said. Written once the send has an outcome, before the queue message is deleted.
/// </summary>
public sealed class OutboundRecord
{
    public required string OutboundId { get; init; }
    public required string Channel { get; init; }
    public required string CustomerId { get; init; }
    public string? ConversationId { get; init; }

    /// <summary>The timeline event that shows the message (partition <see cref="CustomerId"/>, at <see cref="EventOccurredAt"/>).</summary>
    public required string EventId { get; init; }
    public required DateTimeOffset EventOccurredAt { get; init; }

    /// <summary><see cref="OutboundStatus.Sent"/> or <see cref="OutboundStatus.Failed"/>: the outcome of the send itself.</summary>
    public required string Status { get; init; }
    public required string Provider { get; init; }
    public string? ProviderMessageId { get; init; }
    public string? FailureReason { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A message kept in the local outbox instead of being sent (no credentials for its channel).</summary>
public sealed class OutboxEntry
{
    public required string OutboundId { get; init; }
    public required string Channel { get; init; }
    public required string To { get; init; }
    public string? CustomerId { get; init; }
    public string? ConversationId { get; init; }
    public string? Subject { get; init; }
    public string? Text { get; init; }
    public string Actor { get; init; } = "system";
    public string Kind { get; init; } = OutboundKinds.Reply;
    public IReadOnlyList<string> InReplyTo { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset WrittenAt { get; init; }
}

/// <summary>Which channels the hub can answer on, and which identity kinds address a customer there.</summary>
public static class OutboundChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Voice = "voice";
    public const string X = "x";
    public const string Intercom = "intercom";
    public const string Messenger = "messenger";
    public const string WhatsApp = "whatsapp";

    /// <summary>
    /// A WhatsApp user's business-scoped user id (BSUID, such as <c>US.13491208655302741918</c>): the one identity
    /// Meta sends for a user who has taken a username and withholds their phone number.
    /// </summary>
    public const string WhatsAppUser = "whatsapp_user";

    public static readonly IReadOnlyList<string> All = [Email, Sms, Voice, X, Intercom, Messenger, WhatsApp];

    /// <summary>The channel a reply is sent on: a call is answered by text message.</summary>
    public static string SendChannel(string channel) => channel == Voice ? Sms : channel;

    /// <summary>The identity kinds that give an address on the channel, best first.</summary>
    public static IReadOnlyList<string> AddressKinds(string channel) => SendChannel(channel) switch
    {
        Email => [Identity.IdentityKinds.Email],
        Sms => [Identity.IdentityKinds.Phone],
        X => [X],
        Intercom => [Intercom],
        Messenger => [Messenger],
        WhatsApp => [WhatsApp, Identity.IdentityKinds.Phone, WhatsAppUser],
        _ => [],
    };
}
