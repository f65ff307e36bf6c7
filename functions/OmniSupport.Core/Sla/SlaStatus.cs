namespace OmniSupport.Core.Sla;

public static class SlaTargets
{
    public const string FirstResponse = "first-response";
    public const string NextResponse = "next-response";
}

public static class SlaStates
{
    /// <summary>The customer waits for us: a due time runs.</summary>
    public const string Waiting = "waiting";

    /// <summary>We answered; nothing is due until the customer writes again.</summary>
    public const string Answered = "answered";
    public const string Resolved = "resolved";
}

/// <summary>A due time that passed before an agent answered.</summary>
public sealed record SlaBreach(string Target, DateTimeOffset DueAt, DateTimeOffset DetectedAt);

/// <summary>An escalation step that ran, and what came of it.</summary>
public sealed record SlaStepRecord(int Index, string Action, DateTimeOffset At, string Outcome);

/// <summary>
/// The supervisor's view of one conversation's SLA, written by the orchestration's activities so that
/// reading it never queries Durable.
/// </summary>
public sealed class SlaStatus
{
    public required string ConversationId { get; init; }
    public required string CustomerId { get; init; }
    public string? Policy { get; set; }
    public string? Channel { get; set; }
    public string? Tier { get; set; }
    public string? Queue { get; set; }
    public int Priority { get; set; }
    public string State { get; set; } = SlaStates.Waiting;

    /// <summary>Which target the due time measures: first or next response.</summary>
    public string Target { get; set; } = SlaTargets.FirstResponse;
    public TimeSpan? FirstResponseTarget { get; set; }
    public TimeSpan? NextResponseTarget { get; set; }
    public DateTimeOffset? WaitingSince { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public List<SlaBreach> Breaches { get; set; } = [];
    public List<SlaStepRecord> StepsDone { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}

public interface ISlaStatusStore
{
    Task<SlaStatus?> GetAsync(string conversationId, CancellationToken ct);

    /// <summary>Writes the row as given (last writer wins: the orchestration is its only writer).</summary>
    Task UpsertAsync(SlaStatus status, CancellationToken ct);

    /// <summary>Every conversation whose SLA is not resolved.</summary>
    Task<IReadOnlyList<SlaStatus>> ListOpenAsync(CancellationToken ct);
}
