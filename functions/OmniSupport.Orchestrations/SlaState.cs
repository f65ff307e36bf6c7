using OmniSupport.Core.Sla;
using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations;

public static class SlaSignalKinds
{
    public const string CustomerMessage = "customer-message";
    public const string AgentReply = "agent-reply";
    public const string QueueChanged = "queue-changed";
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All = [CustomerMessage, AgentReply, QueueChanged, Resolved];
}

/// <summary>
/// What the orchestration is told (one external event name, the kind inside: a single waiter per
/// execution never loses an event that arrives in the same batch as another; the buffered one is
/// carried over by ContinueAsNew). It carries the policy resolved for the channel and tier in use, so
/// the orchestrator itself never reads configuration.
/// </summary>
public sealed class SlaSignal
{
    public const string EventName = "sla-signal";

    public required string Kind { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Channel { get; init; }
    public string? Queue { get; init; }
    public int Priority { get; init; }
    public string? Tier { get; init; }
    public SlaPolicy? Policy { get; init; }
    public string? Actor { get; init; }

    /// <summary>Resolved: how long after resolution the survey goes out; null sends none.</summary>
    public TimeSpan? SurveyDelay { get; init; }

    /// <summary>
    /// The signal worker wrote the status row for this signal before raising it, so the orchestration applies it
    /// without the status activity's round trip (false for events raised by an older version: they still get it).
    /// </summary>
    public bool Recorded { get; set; }
}

/// <summary>The orchestration's whole memory, carried from one execution to the next by ContinueAsNew.</summary>
public sealed class SlaState
{
    public required string ConversationId { get; init; }
    public required string CustomerId { get; init; }
    public string? Channel { get; set; }
    public string? Queue { get; set; }
    public int Priority { get; set; }
    public string? Tier { get; set; }
    public SlaPolicy? Policy { get; set; }
    public string Target { get; set; } = SlaTargets.FirstResponse;

    /// <summary>When the customer started waiting for us; null while nothing is due.</summary>
    public DateTimeOffset? WaitingSince { get; set; }
    public DateTimeOffset? LastCustomerMessageAt { get; set; }
    public DateTimeOffset? LastAgentReplyAt { get; set; }
    public bool Breached { get; set; }

    /// <summary>Escalation steps already run for the current wait.</summary>
    public int StepsDone { get; set; }

    /// <summary>
    /// Cycles (an event or a timer) one execution handles before ContinueAsNew: 1 keeps history minimal but
    /// costs a new execution per event; a few keep history short with fewer round trips.
    /// </summary>
    public int CyclesPerExecution { get; set; } = DefaultCyclesPerExecution;

    public const int DefaultCyclesPerExecution = 8;

    /// <summary>How many executions came before this one (ContinueAsNew count).</summary>
    public int Generation { get; set; }

    /// <summary>The signal that started the orchestration, applied by its first execution.</summary>
    public SlaSignal? Start { get; set; }

    /// <summary>The signal worker already wrote the status row for <see cref="Start"/> (one activity round trip less per conversation).</summary>
    public bool StartRecorded { get; set; }

    /// <summary>A shallow copy (what <see cref="SlaOrchestrator.Apply"/> changes are values and whole references).</summary>
    public SlaState Copy() => (SlaState)MemberwiseClone();
}

public sealed record SlaOutcome(DateTimeOffset ResolvedAt, string Survey);

/// <summary>The due time and escalation times of a state: pure functions of the state and its policy.</summary>
public static class SlaPlan
{
    public static DateTimeOffset? DueAt(SlaState state)
    {
        if (state.WaitingSince is not { } since || state.Policy is not { } policy)
        {
            return null;
        }

        var target = state.Target == SlaTargets.NextResponse ? policy.NextResponse : policy.FirstResponse;
        return BusinessClock.Add(since, target, policy);
    }

    public static DateTimeOffset? StepAt(SlaState state, int index)
    {
        if (DueAt(state) is not { } due || index >= state.Policy!.Escalations.Count)
        {
            return null;
        }

        return BusinessClock.Add(due, state.Policy.Escalations[index].After, state.Policy);
    }

    /// <summary>When the orchestration must wake up by itself: the due time, then each step's time.</summary>
    public static DateTimeOffset? NextWake(SlaState state)
    {
        if (DueAt(state) is not { } due)
        {
            return null;
        }

        return state.Breached ? StepAt(state, state.StepsDone) : due;
    }
}

/// <summary>Input of the status activity: the state after an event, and a breach when one was just detected.</summary>
public sealed record SlaStatusUpdate(SlaState State, DateTimeOffset? DueAt, SlaBreach? Breach, bool Resolved, DateTimeOffset At);

/// <summary>Input of an escalation activity; the first step run at the due time also records the breach.</summary>
public sealed record SlaStepInput(SlaState State, int StepIndex, EscalationStep Step, DateTimeOffset DueAt, DateTimeOffset At, SlaBreach? Breach = null);

/// <summary>Input of the survey activity.</summary>
public sealed record SurveyRequest(string ConversationId, string CustomerId, string? Channel, DateTimeOffset ResolvedAt);
