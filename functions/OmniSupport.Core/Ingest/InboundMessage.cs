using OmniSupport.Core.Conversations;

namespace OmniSupport.Core.Ingest;

public static class InboundKinds
{
    /// <summary>A customer wrote to us.</summary>
    public const string Message = "message";

    /// <summary>A provider reports what became of something we sent (delivered, failed…).</summary>
    public const string DeliveryStatus = "delivery-status";

    /// <summary>A voice call's outcome (completed, no-answer, busy, failed).</summary>
    public const string CallStatus = "call-status";

    /// <summary>A bot hands the conversation to a human with what it collected.</summary>
    public const string Handoff = "handoff";
}

/// <summary>An identity as the provider sent it, before normalization.</summary>
public sealed record SenderIdentity(string Kind, string Value);

/// <summary>An attachment as it arrived; the worker stores the bytes as a blob and keeps only a reference.</summary>
public sealed record InboundAttachment(string FileName, string ContentType, string ContentBase64);

/// <summary>One provider-neutral inbound item, the output of every adapter's parser.</summary>
public sealed class InboundMessage
{
    /// <summary>The adapter or generic source it came from: dedupe is per (source, provider message id).</summary>
    public required string Source { get; init; }
    public required string ProviderMessageId { get; init; }
    public string Kind { get; init; } = InboundKinds.Message;
    public required string Channel { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public IReadOnlyList<SenderIdentity> From { get; init; } = [];
    public string? DisplayName { get; init; }
    public string? Text { get; init; }
    public string? Subject { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<InboundAttachment> Attachments { get; init; } = [];

    /// <summary>Ids of earlier messages this one answers (email In-Reply-To and References).</summary>
    public IReadOnlyList<string> InReplyTo { get; init; } = [];

    /// <summary>A conversation named by the message itself (reply-to address token).</summary>
    public string? ConversationHint { get; init; }

    /// <summary>For delivery and call status: the provider id of the outbound item it is about.</summary>
    public string? RelatedProviderMessageId { get; init; }

    /// <summary>For delivery and call status: the status the provider reported.</summary>
    public string? Status { get; init; }

    public HandoffContext? Handoff { get; init; }

    /// <summary>
    /// For a reaction (an emoji on an earlier message): the provider id of that message. A reaction goes on the
    /// timeline but waits for no answer.
    /// </summary>
    public string? ReactionTo { get; init; }
}

/// <summary>The inbound queue's message: what one webhook delivered, with the trace it belongs to.</summary>
public sealed class InboundEnvelope
{
    public required string Id { get; init; }
    public required string Provider { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public string? TraceParent { get; init; }
    public required IReadOnlyList<InboundMessage> Messages { get; init; }
}
