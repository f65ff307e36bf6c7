using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Reports;

/// <summary>One resolved handed-off conversation, as the report keeps it (one row per conversation, by resolution day).</summary>
public sealed record HandoffOutcome(string ConversationId, DateTimeOffset ResolvedAt, string Platform, string Intent, string Code, bool Recollected);

public interface IHandoffReportStore
{
    /// <summary>Upserts the conversation's row (a repeated resolve writes the same row).</summary>
    Task RecordAsync(HandoffOutcome outcome, CancellationToken ct);

    Task<IReadOnlyList<HandoffOutcome>> ReadAsync(DateOnly fromDay, DateOnly toDay, CancellationToken ct);
}

public sealed record HandoffReportLine(string Platform, string Intent, int Resolved, int Recollected, double RecollectionRate);

public sealed record HandoffReport(DateTimeOffset From, DateTimeOffset To, int Resolved, int Recollected, double RecollectionRate, IReadOnlyList<HandoffReportLine> ByPlatformAndIntent);

/// <summary>Keeps the report table current at resolve time, so the report never scans conversations.</summary>
public sealed class HandoffReportSink(IHandoffReportStore store, TimeProvider clock) : IConversationActivitySink
{
    public Task InboundMessageAsync(Conversation conversation, TimelineEvent timelineEvent, bool opened, CancellationToken ct) => Task.CompletedTask;

    public Task ResolvedAsync(Conversation conversation, string actor, CancellationToken ct) =>
        conversation is { Handoff: { } handoff, Disposition: { } disposition }
            ? store.RecordAsync(new HandoffOutcome(conversation.Id, conversation.ResolvedAt ?? clock.GetUtcNow(), handoff.Platform, handoff.Intent ?? "(none)", disposition.Code, disposition.Recollected), ct)
            : Task.CompletedTask;
}

/// <summary><c>GET /api/reports/handoffs</c>: re-collection rate by bot platform and intent over a window.</summary>
public sealed class GetHandoffReport(IHandoffReportStore store)
{
    public async Task<HandoffReport> GetAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (to < from || to - from > TimeSpan.FromDays(366))
        {
            throw new DomainRuleException("The window must have from <= to and span at most 366 days.", 400);
        }

        var rows = (await store.ReadAsync(DateOnly.FromDateTime(from.UtcDateTime), DateOnly.FromDateTime(to.UtcDateTime), ct))
            .Where(r => r.ResolvedAt >= from && r.ResolvedAt <= to)
            .ToList();
        var lines = rows.GroupBy(r => (r.Platform, r.Intent))
            .Select(g => new HandoffReportLine(g.Key.Platform, g.Key.Intent, g.Count(), g.Count(r => r.Recollected), Rate(g.Count(r => r.Recollected), g.Count())))
            .OrderBy(l => l.Platform, StringComparer.Ordinal).ThenBy(l => l.Intent, StringComparer.Ordinal)
            .ToList();
        var recollected = rows.Count(r => r.Recollected);
        return new HandoffReport(from, to, rows.Count, recollected, Rate(recollected, rows.Count), lines);
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
}

public sealed class DispositionOptions
{
    public const string SectionName = "Dispositions";

    /// <summary>The codes an agent may close with (e.g. <c>fixed</c>, <c>refund-issued</c>, <c>duplicate</c>).</summary>
    public List<string> Codes { get; set; } = ["resolved", "refund-issued", "replacement-sent", "no-fault-found", "duplicate", "escalated-to-engineering"];
}

/// <summary>An agent resolves with a disposition code from configuration (400 on an unknown code).</summary>
public sealed class ResolveWithDisposition(ResolveConversation resolve, IOptionsMonitor<DispositionOptions> options, TimeProvider clock)
{
    /// <param name="conversation">The conversation as the caller read it (written over on the first try).</param>
    public Task<Conversation> ResolveAsync(Conversation conversation, string? code, bool recollected, string? notes, string actor, CancellationToken ct)
    {
        var codes = options.CurrentValue.Codes;
        if (string.IsNullOrWhiteSpace(code) || !codes.Contains(code, StringComparer.Ordinal))
        {
            throw new DomainRuleException($"Unknown disposition code '{code}'. Known: {string.Join(", ", codes)}.", 400);
        }

        if (notes is { Length: > 4000 })
        {
            throw new DomainRuleException("notes must be at most 4000 characters.", 400);
        }

        ArgumentNullException.ThrowIfNull(conversation);
        return resolve.ResolveAsync(conversation.Id, conversation, new Disposition { Code = code, Recollected = recollected, Notes = notes, Actor = actor, At = clock.GetUtcNow() }, actor, ct);
    }
}
