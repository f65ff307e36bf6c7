using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Analytics;
using OmniSupport.Core.Conversations;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Journeys. The live record with its facts is the row <c>journey</c> in its conversation's partition of
/// the Conversations table (<see cref="TableConversationStore"/> reads it with the conversation in one
/// request; no hot partition). The Journeys table holds two kinds of row, told apart by their
/// PartitionKey prefix:
/// <list type="bullet">
/// <item><c>d_{yyyyMMdd}</c> / <c>{resolved ticks:D19}_{conversationId}</c>: the record's summary in the
/// partition of the UTC day it was resolved, with <c>Path</c> and <c>Repeat</c> beside the JSON for
/// server-side filters: a 30-day window is 30 range queries, ordered by resolution time.</item>
/// <item><c>u_{customerId}</c> / <c>last-resolved</c>: the customer's latest resolution (repeat contacts).</item>
/// </list>
/// </summary>
public sealed class TableJourneyStore(StorageClients clients) : IJourneyStore
{
    internal const string LiveRow = "journey";
    private const string LastResolvedRow = "last-resolved";
    private const string DayPrefix = "d_";
    private readonly TableClient _table = clients.Table(clients.Names.Journeys);
    private readonly TableClient _live = clients.Table(clients.Names.Conversations);

    /// <summary>
    /// The live record; where it is missing, the one an older version kept in the Journeys table
    /// (<c>c_{conversationId}</c> / <c>record</c>), returned as not stored yet so that its next save writes it
    /// beside its conversation. Callers holding a conversation read with its partition ask only when that read
    /// found no record and the conversation is not new, so the fallback costs nothing once a record has moved.
    /// </summary>
    public async Task<JourneyRecord?> GetAsync(string conversationId, CancellationToken ct)
    {
        var row = await _live.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(conversationId), LiveRow, cancellationToken: ct);
        if (row.HasValue && row.Value is not null)
        {
            return ReadLive(row.Value);
        }

        var older = await _table.GetEntityIfExistsAsync<TableEntity>(OlderLivePartition(conversationId), OlderLiveRow, cancellationToken: ct);
        if (!older.HasValue || older.Value is null)
        {
            return null;
        }

        var record = Json.Deserialize<JourneyRecord>(EntityJson.Read(older.Value));
        record.Version = null;
        return record;
    }

    /// <summary>Where versions before the live record moved into the Conversations table kept it.</summary>
    internal static string OlderLivePartition(string conversationId) => "c_" + KeyEscaper.Escape(conversationId);

    internal const string OlderLiveRow = "record";

    /// <summary>The live record from its row (also read by <see cref="TableConversationStore"/> with the conversation).</summary>
    internal static JourneyRecord ReadLive(TableEntity row)
    {
        var record = Json.Deserialize<JourneyRecord>(EntityJson.Read(row));
        record.Version = row.ETag.ToString();
        return record;
    }

    public async Task SaveWithConversationAsync(JourneyRecord record, Conversation conversation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(conversation);
        if (record.ConversationId != conversation.Id || record.ResolvedAt is not null)
        {
            throw new ArgumentException("Only a live record that is not resolved is written with its own conversation.", nameof(record));
        }

        var live = LiveEntity(record);
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateReplace, TableConversationStore.ToEntity(conversation), new ETag(conversation.Version ?? "*")),
            record.Version is null ? new(TableTransactionActionType.Add, live) : new(TableTransactionActionType.UpdateReplace, live, new ETag(record.Version)),
        ];
        Response<IReadOnlyList<Response>> written;
        try
        {
            written = await _live.SubmitTransactionAsync(batch, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyConflictException($"Conversation {conversation.Id} or its journey record changed since they were read.");
        }

        // Both rows carry the versions written: the same message's next write to them (routing an opened one) needs no read.
        if (written.Value.Count == batch.Length)
        {
            conversation.Version = WrittenVersion.Of(written.Value[0], conversation.Version);
            record.Version = WrittenVersion.Of(written.Value[1], record.Version);
        }
    }

    private static TableEntity LiveEntity(JourneyRecord record)
    {
        var entity = new TableEntity(KeyEscaper.Escape(record.ConversationId), LiveRow);
        EntityJson.Write(entity, Json.Serialize(record));
        return entity;
    }

    public async Task SaveAsync(JourneyRecord record, bool writeResolved, CancellationToken ct)
    {
        var entity = LiveEntity(record);
        try
        {
            if (record.Version is null)
            {
                await _live.AddEntityAsync(entity, ct);
            }
            else
            {
                await _live.UpdateEntityAsync(entity, new ETag(record.Version), TableUpdateMode.Replace, ct);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyConflictException($"Journey record of {record.ConversationId} changed since it was read.");
        }

        if (writeResolved && record.ResolvedAt is not null)
        {
            await _table.UpsertEntityAsync(DayEntity(record.Summary()), TableUpdateMode.Replace, ct);
        }
    }

    public async Task<LastResolvedJourney?> GetLastResolvedAsync(string customerId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Customer(customerId), LastResolvedRow, cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Json.Deserialize<LastResolvedJourney>(row.Value.GetString("Data")) : null;
    }

    public Task SetLastResolvedAsync(LastResolvedJourney last, CancellationToken ct) =>
        _table.UpsertEntityAsync(new TableEntity(Customer(last.CustomerId), LastResolvedRow) { ["Data"] = Json.Serialize(last) }, TableUpdateMode.Replace, ct);

    public async IAsyncEnumerable<JourneyRecord> ReadResolvedAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        // The next day's query is under way while this day's rows are handed out.
        Task<List<JourneyRecord>>? next = null;
        foreach (var day in Days(from, to))
        {
            var current = next ?? ReadDayAsync(day, from, to, ct);
            next = day.AddDays(1) < to.UtcDateTime ? ReadDayAsync(day.AddDays(1), from, to, ct) : null;
            foreach (var record in await current)
            {
                yield return record;
            }
        }
    }

    public async Task<JourneyPage> ReadPathAsync(DateTimeOffset from, DateTimeOffset to, string path, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var (startDay, after) = ParseToken(continuationToken);
        var items = new List<JourneyRecord>();
        string? lastKey = null;
        DateTime lastDay = default;
        foreach (var day in Days(from, to).Where(d => startDay is null || d >= startDay))
        {
            var lower = day == startDay && after is not null ? after : null;
            var filter = DayFilter(day, from, to, lower) + TableClient.CreateQueryFilter($" and Path eq {path} and Repeat eq {false}");
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize + 1, select: ["Data", "RowKey"], cancellationToken: ct))
            {
                if (items.Count == pageSize)
                {
                    return new JourneyPage(items, Token(lastDay, lastKey!));
                }

                items.Add(Json.Deserialize<JourneyRecord>(row.GetString("Data")));
                lastKey = row.RowKey;
                lastDay = day;
            }
        }

        return new JourneyPage(items, null);
    }

    public async Task ImportResolvedAsync(IReadOnlyList<JourneyRecord> records, CancellationToken ct)
    {
        foreach (var day in records.Where(r => r.ResolvedAt is not null).GroupBy(r => DayKey(r.ResolvedAt!.Value.UtcDateTime.Date)))
        {
            foreach (var chunk in day.Chunk(100))
            {
                await _table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, DayEntity(r.Summary()))), ct);
            }
        }
    }

    private async Task<List<JourneyRecord>> ReadDayAsync(DateTime day, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var list = new List<JourneyRecord>();
        await foreach (var row in _table.QueryAsync<TableEntity>(DayFilter(day, from, to, null), maxPerPage: 1000, select: ["Data"], cancellationToken: ct))
        {
            list.Add(Json.Deserialize<JourneyRecord>(row.GetString("Data")));
        }

        return list;
    }

    private static TableEntity DayEntity(JourneyRecord summary) =>
        new(DayKey(summary.ResolvedAt!.Value.UtcDateTime.Date), ResolvedRowKey(summary.ResolvedAt.Value, summary.ConversationId))
        {
            ["Data"] = Json.Serialize(summary),
            ["Path"] = summary.Path,
            ["Repeat"] = summary.RepeatOf is not null,
        };

    /// <summary>The day's partition, rows resolved in [from, to) (and after <paramref name="after"/> when paging).</summary>
    private static string DayFilter(DateTime day, DateTimeOffset from, DateTimeOffset to, string? after)
    {
        var partition = DayKey(day);
        var lower = Ticks(from);
        var upper = Ticks(to);
        return after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {lower} and RowKey lt {upper}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {upper}");
    }

    private static IEnumerable<DateTime> Days(DateTimeOffset from, DateTimeOffset to)
    {
        for (var day = from.UtcDateTime.Date; day < to.UtcDateTime; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static string Token(DateTime day, string rowKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(DayKey(day) + "|" + rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTime? Day, string? After) ParseToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, null);
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && bar < text.Length - 1 && DateTime.TryParseExact(text[..bar][DayPrefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
            {
                return (day, text[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw new OmniSupport.Core.Common.DomainRuleException("continuationToken is not one this endpoint gave.", 400);
    }

    private static string Customer(string customerId) => "u_" + KeyEscaper.Escape(customerId);

    private static string DayKey(DateTime day) => DayPrefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string ResolvedRowKey(DateTimeOffset resolvedAt, string conversationId) => Ticks(resolvedAt) + "_" + KeyEscaper.Escape(conversationId);
}
