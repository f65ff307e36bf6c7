using System.Runtime.CompilerServices;

namespace OmniSupport.Core.Sla;

/// <summary>One conversation on the live board: absolute times only, so the page computes what is left each second.</summary>
public sealed record BoardConversation(
    string ConversationId,
    string CustomerId,
    string State,
    string? Channel,
    string? Tier,
    int Priority,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? DueAt,
    int Breaches);

public sealed record BoardQueue(string Queue, int Waiting, int Open, IReadOnlyList<BoardConversation> Conversations);

/// <summary>
/// The supervisors' live board: every open conversation by queue, read from the SlaStatus rows once a
/// second at most (one read shared by every watcher), and given to each watcher only when it changed.
/// </summary>
public sealed class WatchQueues(ISlaStatusStore statuses, TimeProvider clock)
{
    public const string DefaultQueue = "default";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<BoardQueue> Board)? _last;

    /// <summary>The board now (cached for <see cref="Interval"/>).</summary>
    public async Task<IReadOnlyList<BoardQueue>> ReadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last.At < Interval)
            {
                return last.Board;
            }

            var board = Build(await statuses.ListOpenAsync(ct));
            _last = (now, board);
            return board;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The board at once, then each time it changes, until <paramref name="duration"/> is over or the watcher leaves.</summary>
    public async IAsyncEnumerable<IReadOnlyList<BoardQueue>> WatchAsync(TimeSpan duration, [EnumeratorCancellation] CancellationToken ct)
    {
        var end = clock.GetUtcNow() + duration;
        string? previous = null;
        while (!ct.IsCancellationRequested && clock.GetUtcNow() < end)
        {
            var board = await ReadAsync(ct);
            var fingerprint = System.Text.Json.JsonSerializer.Serialize(board);
            if (fingerprint != previous)
            {
                previous = fingerprint;
                yield return board;
            }

            try
            {
                await Task.Delay(Interval, clock, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    public static IReadOnlyList<BoardQueue> Build(IEnumerable<SlaStatus> open) =>
        ByQueue(open)
            .Select(q => new BoardQueue(
                q.Queue,
                q.Conversations.Count(IsWaiting),
                q.Conversations.Count,
                q.Conversations
                    .Select(s => new BoardConversation(s.ConversationId, s.CustomerId, s.State, s.Channel, s.Tier, s.Priority,
                        s.WaitingSince, s.State == SlaStates.Waiting ? s.DueAt : null, s.Breaches.Count))
                    .ToList()))
            .ToList();

    /// <summary>
    /// The queues in name order, each with its open conversations most urgent first (highest priority, then the
    /// earliest due time, then the id): the order of the live board and of <c>GET /api/queues</c> alike.
    /// </summary>
    public static IEnumerable<(string Queue, IReadOnlyList<SlaStatus> Conversations)> ByQueue(IEnumerable<SlaStatus> open) =>
        open.GroupBy(s => s.Queue ?? DefaultQueue)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<SlaStatus>)g
                .OrderByDescending(s => s.Priority)
                .ThenBy(s => s.DueAt ?? DateTimeOffset.MaxValue)
                .ThenBy(s => s.ConversationId, StringComparer.Ordinal)
                .ToList()));

    /// <summary>A customer waits for an answer (the clock is running).</summary>
    public static bool IsWaiting(SlaStatus status) =>
        status is { State: SlaStates.Waiting, WaitingSince: not null };
}
