using System.Text.Json.Serialization;

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
/// The supervisor's view of one conversation's SLA, so that reading it never queries Durable. The signal
/// worker writes it as it tells the orchestration of a change, the orchestration's activities as they
/// detect a breach or run a step; each writes only over the version it read.
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

    /// <summary>The customer's latest message and the agents' latest reply the SLA engine was told of.</summary>
    public DateTimeOffset? LastCustomerMessageAt { get; set; }
    public DateTimeOffset? LastAgentReplyAt { get; set; }
    public List<SlaBreach> Breaches { get; set; } = [];
    public List<SlaStepRecord> StepsDone { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The stored row's version as read; null for a row not stored yet.</summary>
    [JsonIgnore]
    public string? Version { get; set; }
}

public interface ISlaStatusStore
{
    Task<SlaStatus?> GetAsync(string conversationId, CancellationToken ct);

    /// <summary>
    /// Inserts the row when <see cref="SlaStatus.Version"/> is null, else replaces it only if it is still the
    /// version read; throws <see cref="Abstractions.ConcurrencyConflictException"/> when another writer came first.
    /// </summary>
    Task SaveAsync(SlaStatus status, CancellationToken ct);

    /// <summary>Every conversation whose SLA is not resolved.</summary>
    Task<IReadOnlyList<SlaStatus>> ListOpenAsync(CancellationToken ct);
}
