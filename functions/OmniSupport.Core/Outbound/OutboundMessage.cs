namespace OmniSupport.Core.Outbound;

public static class OutboundKinds
{
    public const string Reply = "reply";
    public const string FollowUp = "follow-up";
    public const string SupervisorAlert = "supervisor-alert";
    public const string Survey = "survey";
    public const string Reminder = "reminder";
}

/// <summary>
/// Something the hub sends: an agent's reply, an SLA follow-up, a supervisor alert, a survey. It goes
/// through the <c>outbound</c> queue to the channel's sender; the result lands on the timeline.
/// </summary>
public sealed class OutboundMessage
{
    /// <summary>Stable id: a redelivered queue message sends and records nothing twice.</summary>
    public required string Id { get; init; }
    public string Kind { get; init; } = OutboundKinds.Reply;
    public required string Channel { get; init; }

    /// <summary>The recipient in the channel's own terms (email address, E.164 phone, X user id, Intercom conversation id…).</summary>
    public required string To { get; init; }
    public string? CustomerId { get; init; }
    public string? ConversationId { get; init; }

    /// <summary>What an email's reply-to address names (<c>reply+{token}@…</c>): the conversation unless set (a reminder names itself).</summary>
    public string? ReplyToken { get; init; }
    public string? Text { get; init; }
    public string? Subject { get; init; }

    /// <summary>Who caused it: an agent, <c>sla</c>, <c>survey</c>…</summary>
    public string Actor { get; init; } = "system";

    /// <summary>Provider message ids this one answers (email In-Reply-To/References).</summary>
    public IReadOnlyList<string> InReplyTo { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset CreatedAt { get; init; }
}
