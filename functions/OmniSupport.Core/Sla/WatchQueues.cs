using System.Runtime.CompilerServices;
using OmniSupport.Core.Common;

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

/// <summary>
/// One queue of the board: its counts over every open conversation, and the most urgent of them, most urgent
/// first (as <see cref="SlaStatus"/> rows when read, as <see cref="BoardConversation"/>s on the wire).
/// <see cref="WithinSla"/> counts the open ones with no breach recorded and not past due when it was read;
/// <see cref="NextDueAt"/> is the earliest due time still ahead then.
/// </summary>
public sealed record BoardQueue<TConversation>(
    string Queue,
    int Waiting,
    int Open,
    int WithinSla,
    DateTimeOffset? OldestWaitingSince,
    DateTimeOffset? NextDueAt,
    IReadOnlyList<TConversation> Conversations)
{
    /// <summary>The same queue and counts, listing <paramref name="conversations"/>.</summary>
    public BoardQueue<T> Listing<T>(IReadOnlyList<T> conversations) =>
        new(Queue, Waiting, Open, WithinSla, OldestWaitingSince, NextDueAt, conversations);
}

/// <summary>
/// The supervisors' live board: every open conversation by queue, read from the SlaStatus rows once a
/// second at most (one read shared by every watcher), and given to each watcher only when it changed.
/// A watcher gets each queue's counts and its <c>top</c> most urgent conversations, so a queue of
/// thousands is a short answer.
/// </summary>
public sealed class WatchQueues(ISlaStatusStore statuses, TimeProvider clock)
{
    public const string DefaultQueue = "default";

    /// <summary>Conversations listed per queue unless <c>top</c> says otherwise; the console draws as many.</summary>
    public const int DefaultTop = 100;

    public const int MaxTop = 1000;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<BoardQueue<SlaStatus>> Board)? _last;

    /// <summary>The queues now (read at most once per <see cref="Interval"/>), each with its <see cref="MaxTop"/> most urgent.</summary>
    public async Task<IReadOnlyList<BoardQueue<SlaStatus>>> ReadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last.At < Interval)
            {
                return last.Board;
            }

            var board = Summarize(await statuses.ListOpenAsync(ct), now, MaxTop);
            _last = (now, board);
            return board;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The board at once, then each time it changes, until <paramref name="duration"/> is over or the watcher leaves.</summary>
    public async IAsyncEnumerable<IReadOnlyList<BoardQueue<BoardConversation>>> WatchAsync(TimeSpan duration, int top, [EnumeratorCancellation] CancellationToken ct)
    {
        CheckTop(top);
        var end = clock.GetUtcNow() + duration;
        string? previous = null;
        while (!ct.IsCancellationRequested && clock.GetUtcNow() < end)
        {
            var board = ToBoard(await ReadAsync(ct), top);
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

    /// <summary>A <c>top</c> a caller asked for, or the 400 that says what it may be.</summary>
    public static int CheckTop(int top) =>
        top is >= 1 and <= MaxTop ? top : throw new DomainRuleException($"top must be between 1 and {MaxTop} (conversations listed per queue).", 400);

    public static IReadOnlyList<BoardQueue<BoardConversation>> ToBoard(IEnumerable<BoardQueue<SlaStatus>> queues, int top) =>
        queues
            .Select(q => q.Listing<BoardConversation>(q.Conversations
                .Take(top)
                .Select(s => new BoardConversation(s.ConversationId, s.CustomerId, s.State, s.Channel, s.Tier, s.Priority,
                    s.WaitingSince, s.State == SlaStates.Waiting ? s.DueAt : null, s.Breaches.Count))
                .ToList()))
            .ToList();

    /// <summary>Each queue's counts at <paramref name="now"/> over all of <paramref name="open"/>, with its <paramref name="top"/> most urgent.</summary>
    public static IReadOnlyList<BoardQueue<SlaStatus>> Summarize(IEnumerable<SlaStatus> open, DateTimeOffset now, int top) =>
        ByQueue(open)
            .Select(q =>
            {
                var waiting = q.Conversations.Where(IsWaiting).ToList();
                return new BoardQueue<SlaStatus>(
                    q.Queue,
                    waiting.Count,
                    q.Conversations.Count,
                    q.Conversations.Count(s => s.Breaches.Count == 0 && !IsOverdue(s, now)),
                    waiting.Count == 0 ? null : waiting.Min(s => s.WaitingSince!.Value),
                    waiting.Where(s => s.DueAt > now).Select(s => s.DueAt).Min(),
                    q.Conversations.Take(top).ToList());
            })
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

    /// <summary>A customer waits past the due time.</summary>
    public static bool IsOverdue(SlaStatus status, DateTimeOffset now) =>
        status is { State: SlaStates.Waiting, DueAt: { } due } && due <= now;
}
