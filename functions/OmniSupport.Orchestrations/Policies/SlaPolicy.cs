namespace OmniSupport.Orchestrations.Policies;

public static class EscalationActions
{
    public const string NotifySupervisor = "notify-supervisor";
    public const string FollowUp = "follow-up";
    public const string CallTask = "call-task";
    public const string Requeue = "requeue";

    public static readonly IReadOnlyList<string> All = [NotifySupervisor, FollowUp, CallTask, Requeue];
}

/// <summary>
/// One channel's (and optionally one tier's) targets and escalation chain, with its business hours
/// inlined. The orchestration carries the policy it runs under in its state, so a replay never reads
/// the policy file and an edited file applies from the conversation's next event on.
/// </summary>
public sealed class SlaPolicy
{
    public required string Name { get; init; }

    /// <summary>The channel it applies to, or <c>*</c> for any.</summary>
    public string Channel { get; init; } = "*";

    /// <summary>The customer tier (customer attribute <c>tier</c>) it applies to, or null for any.</summary>
    public string? Tier { get; init; }
    public required TimeSpan FirstResponse { get; init; }
    public required TimeSpan NextResponse { get; init; }
    public BusinessHours? Hours { get; init; }

    /// <summary>When true, time outside business hours does not count toward the targets and escalation delays.</summary>
    public bool ClockStopsOutsideHours { get; init; }
    public IReadOnlyList<EscalationStep> Escalations { get; init; } = [];
}

/// <summary>One step of an escalation chain: after a duration past the due time, an action.</summary>
public sealed class EscalationStep
{
    public required TimeSpan After { get; init; }
    public required string Action { get; init; }

    /// <summary>notify-supervisor: addresses to email (through the outbound queue).</summary>
    public IReadOnlyList<string> Email { get; init; } = [];

    /// <summary>notify-supervisor: E.164 numbers to text.</summary>
    public IReadOnlyList<string> Sms { get; init; } = [];

    /// <summary>notify-supervisor: a Teams- or Slack-compatible incoming webhook URL (<c>Sla:SupervisorWebhookUrl</c> when the file says <c>true</c>).</summary>
    public string? Webhook { get; init; }

    /// <summary>follow-up: channels to try, in order (the first one the customer has and is not the current channel).</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>follow-up: the message; call-task: the reason shown to the agent.</summary>
    public string? Text { get; init; }

    /// <summary>requeue: the queue to move to.</summary>
    public string? Queue { get; init; }

    /// <summary>requeue: the priority to set (0-100).</summary>
    public int? Priority { get; init; }
}

/// <summary>Opening hours in a time zone; holidays are closed all day.</summary>
public sealed class BusinessHours
{
    /// <summary>IANA time zone id (Europe/London, America/New_York).</summary>
    public required string TimeZone { get; init; }
    public IReadOnlyList<OpenHours> Weekly { get; init; } = [];
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];
}

/// <summary>One opening interval on a weekday, in minutes since local midnight (close may be 1440).</summary>
public sealed record OpenHours(DayOfWeek Day, int OpenMinute, int CloseMinute);
