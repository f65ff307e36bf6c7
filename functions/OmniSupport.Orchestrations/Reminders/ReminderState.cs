using OmniSupport.Core.Appointments;

namespace OmniSupport.Orchestrations.Reminders;

/// <summary>The input of <c>reminder-{appointmentId}</c>: the appointment, its start, and the policy's times.</summary>
public sealed class ReminderState
{
    public required string AppointmentId { get; init; }
    public required DateTimeOffset Start { get; set; }
    public required ReminderTimes Times { get; init; }
}

/// <summary>The policy's times, carried in the input so a replay sees the times the orchestration started with.</summary>
public sealed record ReminderTimes(TimeSpan LeadTime, TimeSpan ReplyWindow, int CallAttempts, TimeSpan CallRetryDelay, TimeSpan CallOutcomeWindow)
{
    public static ReminderTimes From(ReminderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.LeadTime, policy.ReplyWindow, Math.Max(1, policy.CallAttempts), policy.CallRetryDelay, policy.CallOutcomeWindow);
    }
}

/// <summary>An external event of the reminder orchestration.</summary>
public sealed class ReminderSignal
{
    public const string EventName = "reminder-signal";

    public required string Kind { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Channel { get; init; }
    public string? CallStatus { get; init; }
    public DateTimeOffset? Start { get; init; }
}

/// <summary>The input of the reminder's activities.</summary>
public sealed record ReminderStepInput(string AppointmentId, DateTimeOffset At, int Attempt = 0);

/// <summary>An outcome to record: the status code it leads to, the channel it came on, the words for staff.</summary>
public sealed record ReminderOutcomeInput(string AppointmentId, string StatusCode, string Channel, string Summary, DateTimeOffset At);

/// <summary>How the orchestration ended (its output, readable in the task hub).</summary>
public sealed record ReminderOutcome(string StatusCode, DateTimeOffset At);
