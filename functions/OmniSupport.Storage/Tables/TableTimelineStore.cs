using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Timeline: PartitionKey customerId, RowKey inverted ticks + event id, so a partition reads newest
/// first. A merged customer's timeline is the ordered merge of several partitions; the continuation
/// token is the last RowKey returned, which orders the same in every partition.
/// Each event is written in one transaction with a claim row keyed by the event id alone
/// (<c>~{eventId}</c>, sorting after every event row): two deliveries of one message that carry
/// different times (providers without a timestamp) still make one event.
/// </summary>
public sealed class TableTimelineStore(StorageClients clients) : ITimelineStore, ITimelineEventStore
{
    private readonly TableClient _table = clients.Table(clients.Names.Timeline);

    public static string RowKey(DateTimeOffset occurredAt, string eventId) =>
        (DateTime.MaxValue.Ticks - occurredAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + KeyEscaper.Escape(eventId);

    private const string ClaimPrefix = "~";

    public async Task AppendAsync(TimelineEvent timelineEvent, CancellationToken ct)
    {
        var partition = KeyEscaper.Escape(timelineEvent.CustomerId);
        var rowKey = RowKey(timelineEvent.OccurredAt, timelineEvent.Id);
        var entity = ToEntity(timelineEvent);
        var claim = new TableEntity(partition, ClaimPrefix + KeyEscaper.Escape(timelineEvent.Id)) { ["EventRowKey"] = rowKey };
        try
        {
            await _table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, claim), new TableTransactionAction(TableTransactionActionType.Add, entity)], ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // Already appended by an earlier delivery of the same message.
        }
    }

    public async Task<TimelineEvent?> GetAsync(string customerId, DateTimeOffset occurredAt, string eventId, CancellationToken ct)
    {
        var partition = KeyEscaper.Escape(customerId);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey(occurredAt, eventId), cancellationToken: ct);
        if (!row.HasValue || row.Value is null)
        {
            // Appended first with another time: the claim row names the event's row.
            var claim = await _table.GetEntityIfExistsAsync<TableEntity>(partition, ClaimPrefix + KeyEscaper.Escape(eventId), ["EventRowKey"], ct);
            if (!claim.HasValue || claim.Value?.GetString("EventRowKey") is not { } eventRowKey)
            {
                return null;
            }

            row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, eventRowKey, cancellationToken: ct);
            if (!row.HasValue || row.Value is null)
            {
                return null;
            }
        }

        var timelineEvent = Json.Deserialize<TimelineEvent>(EntityJson.Read(row.Value));
        timelineEvent.Version = row.Value.ETag.ToString();
        return timelineEvent;
    }

    public Task ReplaceAsync(TimelineEvent timelineEvent, CancellationToken ct) =>
        TableErrors.ReplaceAsync(
            () => _table.UpdateEntityAsync(ToEntity(timelineEvent), new ETag(timelineEvent.Version ?? "*"), TableUpdateMode.Replace, ct),
            $"Timeline event {timelineEvent.Id}");

    public async Task<TimelinePage> ReadAsync(IReadOnlyList<string> customerIds, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var after = DecodeToken(continuationToken);
        var perPartition = await Task.WhenAll(customerIds.Distinct().Select(id => ReadPartitionAsync(id, after, pageSize + 1, ct)));
        var merged = perPartition.SelectMany(rows => rows)
            .DistinctBy(r => r.RowKey) // a merge is recorded on both partitions under one key
            .OrderBy(r => r.RowKey, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();

        var page = merged.Take(pageSize).ToList();
        var next = merged.Count > pageSize ? EncodeToken(page[^1].RowKey) : null;
        return new TimelinePage(page.Select(r => Json.Deserialize<TimelineEvent>(EntityJson.Read(r))).ToList(), next);
    }

    private static TableEntity ToEntity(TimelineEvent timelineEvent)
    {
        var entity = new TableEntity(KeyEscaper.Escape(timelineEvent.CustomerId), RowKey(timelineEvent.OccurredAt, timelineEvent.Id))
        {
            ["ConversationId"] = timelineEvent.ConversationId,
            ["Channel"] = timelineEvent.Channel,
            ["Direction"] = timelineEvent.Direction,
        };
        EntityJson.Write(entity, Json.Serialize(timelineEvent));
        return entity;
    }

    private async Task<List<TableEntity>> ReadPartitionAsync(string customerId, string? afterRowKey, int take, CancellationToken ct)
    {
        var pk = KeyEscaper.Escape(customerId);
        var filter = afterRowKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey lt {ClaimPrefix}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey gt {afterRowKey} and RowKey lt {ClaimPrefix}");
        var rows = new List<TableEntity>(take);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: ct))
        {
            rows.Add(row);
            if (rows.Count == take)
            {
                break;
            }
        }

        return rows;
    }

    private static string EncodeToken(string rowKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            throw new OmniSupport.Core.Common.DomainRuleException("The continuation token is not one this API issued.", 400);
        }
    }
}
