using System.Text.Json.Serialization;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Analytics;

public static class JourneyKinds
{
    /// <summary>A customer's message.</summary>
    public const string Message = "message";

    /// <summary>A bot handed the customer to an agent.</summary>
    public const string Handoff = "handoff";
}

/// <summary>
/// One inbound or outbound event of a conversation as its journey record keeps it: the stored fact the
/// record's counters are recomputed from. Keyed by the timeline event id, so an event recorded twice
/// (a redelivered queue message) is one fact with one step number.
/// </summary>
public sealed class JourneyFact
{
    [JsonPropertyName("e")] public required string EventId { get; init; }
    [JsonPropertyName("n")] public required int Step { get; init; }
    [JsonPropertyName("t")] public required DateTimeOffset At { get; init; }
    [JsonPropertyName("c")] public required string Channel { get; init; }
    [JsonPropertyName("d")] public required string Direction { get; init; }

    /// <summary>Inbound: <see cref="JourneyKinds.Message"/> or <see cref="JourneyKinds.Handoff"/>; outbound: the outbound kind (reply, follow-up, survey…).</summary>
    [JsonPropertyName("k")] public required string Kind { get; init; }

    /// <summary>An outbound message its provider refused (not an answer the customer got).</summary>
    [JsonPropertyName("f")] public bool Failed { get; init; }
}

/// <summary>The customer's most recently resolved conversation: a new conversation within 7 days of it is a repeat contact.</summary>
public sealed record LastResolvedJourney(string CustomerId, string ConversationId, string JourneyId, DateTimeOffset ResolvedAt, int JourneySteps, string? LastChannel);

/// <summary>
/// The journey record of one conversation, kept up to date by the ingest, reply and resolve paths.
/// The live copy (found by conversation id) holds the facts (<see cref="Steps"/>); the copy in the
/// resolved day's partition holds the same record without them. The counters are never incremented in
/// place: <see cref="Recompute"/> derives them from the facts and the resolution, so applying the same
/// event twice changes nothing.
/// </summary>
public sealed class JourneyRecord
{
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromDays(7);

    public required string ConversationId { get; init; }

    /// <summary>The journey: this conversation's id, or for a repeat contact the id of the journey it rejoined.</summary>
    public required string JourneyId { get; init; }

    /// <summary>For a repeat contact: the resolved conversation it came back within 7 days of.</summary>
    public string? RepeatOf { get; init; }

    /// <summary>Steps of the journey before this conversation (0 for a journey's first conversation).</summary>
    public int StepOffset { get; init; }

    /// <summary>The channel of the journey's last step before this conversation (a repeat contact's "previous channel").</summary>
    public string? OffsetChannel { get; init; }

    public required string CustomerId { get; set; }
    public string? Tier { get; set; }
    public string? Queue { get; set; }
    public required DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>The facts (live copy only; empty in the resolved-day copy and in exports).</summary>
    public List<JourneyFact> Steps { get; set; } = [];

    // The summary: derived by Recompute, stored so reading a window never needs the facts.

    /// <summary>The inbound channels in order, consecutive repeats collapsed: <c>chat&gt;voice&gt;email</c>.</summary>
    public string Path { get; set; } = "";
    public int Contacts { get; set; }
    public int ChannelSwitches { get; set; }
    public int AgentReplies { get; set; }
    public int Handoffs { get; set; }
    public double? FirstResponseSeconds { get; set; }
    public double? ResolutionSeconds { get; set; }
    public bool? SlaMet { get; set; }
    public string? Disposition { get; set; }
    public bool? Recollected { get; set; }
    public int? Csat { get; set; }
    public bool? HadToRepeat { get; set; }

    /// <summary>When the customer first came back after the resolution (within 7 days), and in which conversation.</summary>
    public DateTimeOffset? RepeatContactAt { get; set; }
    public string? RepeatConversationId { get; set; }

    [JsonIgnore] public bool RepeatWithin24h => RepeatWithin(TimeSpan.FromHours(24));
    [JsonIgnore] public bool RepeatWithin48h => RepeatWithin(TimeSpan.FromHours(48));
    [JsonIgnore] public bool RepeatWithin7d => RepeatWithin(RepeatWindow);

    /// <summary>Opaque concurrency token of the stored live row.</summary>
    [JsonIgnore]
    public string? Version { get; set; }

    public static string Collapse(IEnumerable<string> channels)
    {
        var path = new List<string>();
        foreach (var channel in channels)
        {
            if (path.Count == 0 || path[^1] != channel)
            {
                path.Add(channel);
            }
        }

        return string.Join('>', path);
    }

    /// <summary>
    /// Adds the event as a fact and returns its step; an event already recorded keeps the step it got.
    /// </summary>
    public JourneyStep AddStep(string eventId, DateTimeOffset at, string channel, string direction, string kind, bool failed = false)
    {
        var existing = Steps.FirstOrDefault(s => s.EventId == eventId);
        if (existing is null)
        {
            existing = new JourneyFact
            {
                EventId = eventId,
                Step = StepOffset + Steps.Count + 1,
                At = at,
                Channel = channel,
                Direction = direction,
                Kind = kind,
                Failed = failed,
            };
            Steps.Add(existing);
            Recompute();
        }

        return StepOf(existing);
    }

    /// <summary>The channel the journey is on after its last step.</summary>
    [JsonIgnore]
    public string? LastChannel => Steps.Count > 0 ? Steps[^1].Channel : OffsetChannel;

    public void Recompute()
    {
        var inbound = Steps.Where(s => s.Direction == Direction.Inbound && s.Kind is JourneyKinds.Message or JourneyKinds.Handoff)
            .OrderBy(s => s.At).ThenBy(s => s.Step).ToList(); // the path by when the customer wrote, not by when we processed it
        Path = Collapse(inbound.Select(s => s.Channel));
        Contacts = inbound.Count;
        ChannelSwitches = Path.Length == 0 ? 0 : Path.Count(c => c == '>');
        Handoffs = inbound.Count(s => s.Kind == JourneyKinds.Handoff);
        var replies = Steps.Where(s => s.Direction == Direction.Outbound && s.Kind == Outbound.OutboundKinds.Reply && !s.Failed).ToList();
        AgentReplies = replies.Count;
        FirstResponseSeconds = replies.Count == 0 ? null : Math.Max(0, (replies.Min(r => r.At) - OpenedAt).TotalSeconds);
        ResolutionSeconds = ResolvedAt is { } resolved ? Math.Max(0, (resolved - OpenedAt).TotalSeconds) : null;
    }

    /// <summary>The record as the resolved-day partition and the exports keep it: everything but the facts.</summary>
    public JourneyRecord Summary()
    {
        var copy = (JourneyRecord)MemberwiseClone();
        copy.Steps = [];
        return copy;
    }

    private JourneyStep StepOf(JourneyFact fact)
    {
        var index = Steps.IndexOf(fact);
        var previous = index > 0 ? Steps[index - 1].Channel : OffsetChannel;
        return new JourneyStep(JourneyId, fact.Step, fact.Channel, previous, fact.Direction, previous is not null && previous != fact.Channel);
    }

    private bool RepeatWithin(TimeSpan window) =>
        RepeatContactAt is { } back && ResolvedAt is { } resolved && back - resolved <= window && back >= resolved;
}

/// <summary>A live journey record as read with its conversation (<see cref="Record"/> null: it had none yet).</summary>
public sealed record JourneyAsRead(JourneyRecord? Record);

public interface IJourneyStore
{
    /// <summary>The live record of a conversation (with its facts and <see cref="JourneyRecord.Version"/>), or null.</summary>
    Task<JourneyRecord?> GetAsync(string conversationId, CancellationToken ct);

    /// <summary>
    /// Writes the live record (insert when it has no version, else replace if unchanged since read;
    /// <see cref="Abstractions.ConcurrencyConflictException"/> otherwise) and, for a resolved record, its
    /// summary in the resolved day's partition.
    /// </summary>
    Task SaveAsync(JourneyRecord record, bool writeResolved, CancellationToken ct);

    /// <summary>
    /// Writes a live record that is not resolved together with its conversation, in one request (the two rows
    /// share the conversation's partition): both or neither, each only over the version read
    /// (<see cref="Abstractions.ConcurrencyConflictException"/> when either changed since).
    /// </summary>
    Task SaveWithConversationAsync(JourneyRecord record, Conversations.Conversation conversation, CancellationToken ct);

    Task<LastResolvedJourney?> GetLastResolvedAsync(string customerId, CancellationToken ct);

    Task SetLastResolvedAsync(LastResolvedJourney last, CancellationToken ct);

    /// <summary>Summaries of the records resolved in [from, to), one range query per UTC day, oldest day first.</summary>
    IAsyncEnumerable<JourneyRecord> ReadResolvedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Journeys (first conversations, not repeat contacts) resolved in [from, to) on a path, oldest first, paged.</summary>
    Task<JourneyPage> ReadPathAsync(DateTimeOffset from, DateTimeOffset to, string path, int pageSize, string? continuationToken, CancellationToken ct);

    /// <summary>Writes resolved summaries straight into their day partitions (imports and benchmarks), in batches.</summary>
    Task ImportResolvedAsync(IReadOnlyList<JourneyRecord> records, CancellationToken ct);
}

public sealed record JourneyPage(IReadOnlyList<JourneyRecord> Items, string? ContinuationToken);
