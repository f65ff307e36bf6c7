using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Analytics;

namespace OmniSupport.Api.Endpoints;

/// <summary>Journey analytics (read scope): the metrics, the conversations behind a path, and the export.</summary>
public sealed class AnalyticsEndpoints(
    ApiPipeline pipeline,
    GetJourneyAnalytics analytics,
    ListJourneyConversations conversations,
    ExportJourneys export,
    TimeProvider clock)
{
    public const string CsvType = "text/csv";
    public const string NdjsonType = "application/x-ndjson";

    /// <summary><c>GET /api/analytics/journeys?from&amp;to[&amp;tier&amp;queue&amp;channel&amp;top]</c></summary>
    public Task<IResult> JourneysAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ =>
        {
            var filter = new JourneyFilter(Query.Text(request, "tier"), Query.Text(request, "queue"), Query.Text(request, "channel")?.ToLowerInvariant());
            var top = Query.Number(request, "top") ?? GetJourneyAnalytics.DefaultTop;
            return TypedResults.Ok(await analytics.GetAsync(Window(request), filter, top, ct));
        });

    /// <summary><c>GET /api/analytics/journeys/conversations?path=chat&gt;voice&gt;email&amp;from&amp;to[&amp;pageSize&amp;continuationToken]</c></summary>
    public Task<IResult> ConversationsAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ =>
            TypedResults.Ok(await conversations.ListAsync(Window(request), Query.Text(request, "path"), Query.Number(request, "pageSize") ?? ListJourneyConversations.DefaultPageSize,
                Query.Text(request, "continuationToken"), ct)));

    /// <summary><c>GET /api/analytics/journeys/export?from&amp;to</c>: CSV (<c>Accept: text/csv</c>, the default) or NDJSON (<c>Accept: application/x-ndjson</c>), streamed.</summary>
    public Task<IResult> ExportAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, _ =>
        {
            var window = Window(request);
            var format = Negotiate(request.Headers.Accept.ToString());
            IResult result = format switch
            {
                CsvType => Results.Stream(s => JourneyExportFormat.WriteCsvAsync(export.ReadAsync(window, ct), s, ct), CsvType + "; charset=utf-8"),
                NdjsonType => Results.Stream(s => JourneyExportFormat.WriteNdjsonAsync(export.ReadAsync(window, ct), s, ct), NdjsonType + "; charset=utf-8"),
                _ => Problems.Create(406, "Not acceptable", $"The export is {CsvType} or {NdjsonType}; send one of them in Accept."),
            };
            return Task.FromResult(result);
        });

    /// <summary>The format the Accept header asks for: CSV unless NDJSON is named first; null when neither (nor <c>*/*</c>) is acceptable.</summary>
    public static string? Negotiate(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return CsvType;
        }

        foreach (var part in accept.Split(','))
        {
            var type = part.Split(';')[0].Trim().ToLowerInvariant();
            switch (type)
            {
                case CsvType or "text/*" or "*/*":
                    return CsvType;
                case NdjsonType or "application/ndjson" or "application/jsonl" or "application/json":
                    return NdjsonType;
            }
        }

        return null;
    }

    private JourneyWindow Window(HttpRequest request) => JourneyWindow.Of(Query.Time(request, "from"), Query.Time(request, "to"), clock.GetUtcNow());
}

/// <summary>The export's two formats, written row by row as the records are read.</summary>
public static class JourneyExportFormat
{
    public static readonly string[] Columns =
    [
        "conversationId", "journeyId", "repeatOf", "customerId", "tier", "queue", "path", "contacts", "channelSwitches", "agentReplies", "handoffs",
        "openedAt", "resolvedAt", "firstResponseSeconds", "resolutionSeconds", "slaMet", "disposition", "recollected", "csat", "hadToRepeat",
        "repeatWithin24h", "repeatWithin48h", "repeatWithin7d",
    ];

    private static readonly JsonSerializerOptions Ndjson = new(JsonSerializerDefaults.Web);

    public static async Task WriteNdjsonAsync(IAsyncEnumerable<JourneyExportRow> rows, Stream body, CancellationToken ct)
    {
        var newline = new byte[] { (byte)'\n' };
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await JsonSerializer.SerializeAsync(body, row, Ndjson, ct);
            await body.WriteAsync(newline, ct);
            if (++count % 500 == 0)
            {
                await body.FlushAsync(ct);
            }
        }
    }

    public static async Task WriteCsvAsync(IAsyncEnumerable<JourneyExportRow> rows, Stream body, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', Columns));
        var count = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            await writer.WriteLineAsync(CsvLine(r));
            if (++count % 500 == 0)
            {
                await writer.FlushAsync(ct);
            }
        }
    }

    /// <summary>One RFC 4180 line; times in ISO 8601 UTC, numbers invariant, booleans true/false, null as empty.</summary>
    public static string CsvLine(JourneyExportRow r) => string.Join(',',
        Field(r.ConversationId), Field(r.JourneyId), Field(r.RepeatOf), Field(r.CustomerId), Field(r.Tier), Field(r.Queue), Field(r.Path),
        Num(r.Contacts), Num(r.ChannelSwitches), Num(r.AgentReplies), Num(r.Handoffs),
        Time(r.OpenedAt), Time(r.ResolvedAt), Num(r.FirstResponseSeconds), Num(r.ResolutionSeconds), Bool(r.SlaMet), Field(r.Disposition), Bool(r.Recollected),
        Num(r.Csat), Bool(r.HadToRepeat), Bool(r.RepeatWithin24h), Bool(r.RepeatWithin48h), Bool(r.RepeatWithin7d));

    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
        var text = value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static string Num(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    private static string Num(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Bool(bool? value) => value switch { true => "true", false => "false", null => "" };

    private static string Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";
}
