using System.Runtime.CompilerServices;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Analytics;

/// <summary>A window of resolution times, [From, To), and the filters a report narrows it by.</summary>
public sealed record JourneyWindow(DateTimeOffset From, DateTimeOffset To)
{
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(366);

    public static JourneyWindow Of(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var end = to ?? now;
        var start = from ?? end.AddDays(-30);
        if (end <= start || end - start > MaxSpan)
        {
            throw new DomainRuleException("The window needs from < to and spans at most 366 days (to is exclusive).", 400);
        }

        return new JourneyWindow(start, end);
    }
}

public sealed record JourneyFilter(string? Tier = null, string? Queue = null, string? Channel = null)
{
    public bool Matches(JourneyRecord journey) =>
        (Tier is null || string.Equals(journey.Tier, Tier, StringComparison.Ordinal))
        && (Queue is null || string.Equals(journey.Queue, Queue, StringComparison.Ordinal))
        && (Channel is null || journey.Path.Split('>').Contains(Channel, StringComparer.Ordinal));
}

/// <summary>
/// <c>GET /api/analytics/journeys</c>: the metrics over journeys resolved in the window, read from the
/// resolved-day partitions only (one range query per day), never from timelines. A repeat contact's
/// own conversation is part of the journey it rejoined and is not a journey of its own here.
/// </summary>
public sealed class GetJourneyAnalytics(IJourneyStore journeys)
{
    public const int DefaultTop = 10;
    public const int MaxTop = 100;

    public async Task<JourneyAnalytics> GetAsync(JourneyWindow window, JourneyFilter filter, int top, CancellationToken ct)
    {
        if (top is < 1 or > MaxTop)
        {
            throw new DomainRuleException($"top must be between 1 and {MaxTop}.", 400);
        }

        var selected = new List<JourneyRecord>();
        await foreach (var record in journeys.ReadResolvedAsync(window.From, window.To, ct))
        {
            if (record.RepeatOf is null && filter.Matches(record))
            {
                selected.Add(record);
            }
        }

        return JourneyMetrics.Compute(selected, window.From, window.To, top);
    }
}

public sealed record JourneyConversation(
    string ConversationId,
    string CustomerId,
    string Path,
    int Contacts,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    double? ResolutionSeconds,
    bool? SlaMet,
    int? Csat);

public sealed record JourneyConversationPage(IReadOnlyList<JourneyConversation> Items, string? ContinuationToken);

/// <summary><c>GET /api/analytics/journeys/conversations?path=</c>: the journeys behind a path, oldest resolution first, paged.</summary>
public sealed class ListJourneyConversations(IJourneyStore journeys)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public async Task<JourneyConversationPage> ListAsync(JourneyWindow window, string? path, int pageSize, string? continuationToken, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Length > 500)
        {
            throw new DomainRuleException("Give path, the inbound channels joined by '>' as topPaths names them (e.g. chat>voice>email).", 400);
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new DomainRuleException($"pageSize must be between 1 and {MaxPageSize}.", 400);
        }

        var page = await journeys.ReadPathAsync(window.From, window.To, path.Trim(), pageSize, continuationToken, ct);
        return new JourneyConversationPage(
            page.Items.Select(r => new JourneyConversation(r.ConversationId, r.CustomerId, r.Path, r.Contacts, r.OpenedAt, r.ResolvedAt, r.ResolutionSeconds, r.SlaMet, r.Csat)).ToList(),
            page.ContinuationToken);
    }
}

/// <summary>One exported row: a resolved conversation's journey record without its facts.</summary>
public sealed record JourneyExportRow(
    string ConversationId,
    string JourneyId,
    string? RepeatOf,
    string CustomerId,
    string? Tier,
    string? Queue,
    string Path,
    int Contacts,
    int ChannelSwitches,
    int AgentReplies,
    int Handoffs,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    double? FirstResponseSeconds,
    double? ResolutionSeconds,
    bool? SlaMet,
    string? Disposition,
    bool? Recollected,
    int? Csat,
    bool? HadToRepeat,
    bool RepeatWithin24h,
    bool RepeatWithin48h,
    bool RepeatWithin7d)
{
    public static JourneyExportRow Of(JourneyRecord r) => new(
        r.ConversationId, r.JourneyId, r.RepeatOf, r.CustomerId, r.Tier, r.Queue, r.Path, r.Contacts, r.ChannelSwitches, r.AgentReplies, r.Handoffs,
        r.OpenedAt, r.ResolvedAt, r.FirstResponseSeconds, r.ResolutionSeconds, r.SlaMet, r.Disposition, r.Recollected, r.Csat, r.HadToRepeat,
        r.RepeatWithin24h, r.RepeatWithin48h, r.RepeatWithin7d);
}

/// <summary>
/// <c>GET /api/analytics/journeys/export</c>: one row per conversation resolved in the window (repeat
/// contacts included, with the journey they rejoined), oldest day first, streamed as it is read.
/// </summary>
public sealed class ExportJourneys(IJourneyStore journeys)
{
    public async IAsyncEnumerable<JourneyExportRow> ReadAsync(JourneyWindow window, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var record in journeys.ReadResolvedAsync(window.From, window.To, ct))
        {
            yield return JourneyExportRow.Of(record);
        }
    }
}
