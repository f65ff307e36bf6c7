using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Audit;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// The audit log: one chain per partition (<c>customer:{id}</c> and <c>day:{yyyy-MM-dd}</c>), RowKey
/// inverted ticks + entry id (newest first). A <c>~head</c> row per partition holds the last sequence
/// number and hash; an append writes the entry and moves the head in one entity-group transaction
/// conditioned on the head's ETag, so concurrent appends to a partition chain one after the other.
/// </summary>
public sealed class TableAuditLog(StorageClients clients) : IAuditLog
{
    public const string HeadRow = "~head";
    private readonly TableClient _table = clients.Table(clients.Names.Audit);

    public async Task AppendAsync(AuditEntry entry, CancellationToken ct)
    {
        var canonical = AuditChain.Canonicalize(entry);
        var partitions = entry.CustomerIds.Distinct().Select(AuditPartitions.Customer).Prepend(AuditPartitions.Day(entry.At));
        foreach (var partition in partitions)
        {
            await AppendToPartitionAsync(partition, entry, canonical, ct);
        }
    }

    private async Task AppendToPartitionAsync(string partition, AuditEntry entry, string canonical, CancellationToken ct)
    {
        var pk = KeyEscaper.Escape(partition);
        var rowKey = RowKey(entry.At, entry.Id);
        for (var attempt = 1; ; attempt++)
        {
            var head = await _table.GetEntityIfExistsAsync<TableEntity>(pk, HeadRow, cancellationToken: ct);
            var sequence = head.HasValue ? head.Value!.GetInt64("Sequence")!.Value + 1 : 1;
            var previous = head.HasValue ? head.Value!.GetString("Hash") : AuditChain.Genesis;
            if (head.HasValue && head.Value!.GetString("LastEntryId") == entry.Id)
            {
                return; // already appended (a retried call)
            }

            var hash = AuditChain.Hash(partition, sequence, previous, canonical);
            var row = new TableEntity(pk, rowKey)
            {
                ["Partition"] = partition,
                ["Sequence"] = sequence,
                ["PreviousHash"] = previous,
                ["Hash"] = hash,
                ["Entry"] = canonical,
                ["At"] = entry.At,
            };
            var newHead = new TableEntity(pk, HeadRow) { ["Sequence"] = sequence, ["Hash"] = hash, ["LastEntryId"] = entry.Id };
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, row),
                head.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag)
                    : new(TableTransactionActionType.Add, newHead),
            };
            try
            {
                await _table.SubmitTransactionAsync(actions, ct);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < 50)
            {
                await Task.Delay(Random.Shared.Next(2, 10 * Math.Min(attempt, 10)), ct);
            }
        }
    }

    public async Task<IReadOnlyList<ChainedAuditEntry>> ReadCustomerAsync(string customerId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var pk = KeyEscaper.Escape(AuditPartitions.Customer(customerId));
        var fromKey = Inverted(to);
        var toKey = Inverted(from) + "~";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {fromKey} and RowKey le {toKey}");
        var list = new List<ChainedAuditEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.RowKey != HeadRow)
            {
                list.Add(ToChained(row));
            }
        }

        return list;
    }

    public async IAsyncEnumerable<ChainedAuditEntry> ReadDayAsync(DateOnly day, [EnumeratorCancellation] CancellationToken ct)
    {
        var partition = AuditPartitions.Day(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var rows = await ReadPartitionAsync(KeyEscaper.Escape(partition), ct);
        foreach (var row in rows.Entries.OrderBy(r => r.GetInt64("Sequence")))
        {
            yield return ToChained(row);
        }
    }

    public async Task<AuditVerification> VerifyAsync(string? partition, CancellationToken ct)
    {
        var partitions = new SortedSet<string>(StringComparer.Ordinal);
        if (partition is not null)
        {
            partitions.Add(KeyEscaper.Escape(partition));
            return await VerifyPartitionsAsync(partitions, ct);
        }

        await foreach (var head in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {HeadRow}"), select: ["PartitionKey"], cancellationToken: ct))
        {
            partitions.Add(head.PartitionKey);
        }

        await foreach (var row in _table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: ct))
        {
            partitions.Add(row.PartitionKey); // entries whose head was removed
        }

        return await VerifyPartitionsAsync(partitions, ct);
    }

    private async Task<AuditVerification> VerifyPartitionsAsync(SortedSet<string> partitions, CancellationToken ct)
    {
        long entries = 0;
        foreach (var pk in partitions)
        {
            var (rows, head) = await ReadPartitionAsync(pk, ct);
            entries += rows.Count;
            var broken = VerifyPartition(pk, rows, head);
            if (broken is not null)
            {
                return new AuditVerification(false, partitions.Count, entries, broken);
            }
        }

        return new AuditVerification(true, partitions.Count, entries, null);
    }

    private static AuditBreak? VerifyPartition(string pk, List<TableEntity> rows, TableEntity? head)
    {
        var ordered = rows.OrderBy(r => r.GetInt64("Sequence") ?? long.MaxValue).ToList();
        var previous = AuditChain.Genesis;
        long expected = 1;
        foreach (var row in ordered)
        {
            var partition = row.GetString("Partition") ?? pk;
            var sequence = row.GetInt64("Sequence") ?? -1;
            var entryJson = row.GetString("Entry") ?? "";
            string? entryId = null;
            try
            {
                entryId = System.Text.Json.JsonDocument.Parse(entryJson).RootElement.GetProperty("id").GetString();
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return new AuditBreak(partition, sequence, null, "The entry is not readable JSON.");
            }

            if (KeyEscaper.Escape(partition) != pk)
            {
                return new AuditBreak(partition, sequence, entryId, "The entry names another partition.");
            }

            if (sequence != expected)
            {
                return new AuditBreak(partition, expected, entryId, $"Entry {expected} is missing (found {sequence}).");
            }

            if (row.GetString("PreviousHash") != previous)
            {
                return new AuditBreak(partition, sequence, entryId, "The entry does not link to the hash of the entry before it.");
            }

            if (AuditChain.Hash(partition, sequence, previous, entryJson) != row.GetString("Hash"))
            {
                return new AuditBreak(partition, sequence, entryId, "The entry's content does not match its hash (altered).");
            }

            if (!row.RowKey.EndsWith("_" + KeyEscaper.Escape(entryId ?? ""), StringComparison.Ordinal))
            {
                return new AuditBreak(partition, sequence, entryId, "The entry's row key does not match its id.");
            }

            previous = row.GetString("Hash")!;
            expected++;
        }

        if (head is null)
        {
            return ordered.Count == 0 ? null : new AuditBreak(pk, expected - 1, null, "The partition's head row is missing.");
        }

        if (head.GetInt64("Sequence") != expected - 1 || head.GetString("Hash") != previous)
        {
            return new AuditBreak(pk, expected, head.GetString("LastEntryId"), "Entries after the last one found were removed (the head names a later entry).");
        }

        return null;
    }

    private async Task<(List<TableEntity> Entries, TableEntity? Head)> ReadPartitionAsync(string pk, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        TableEntity? head = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), cancellationToken: ct))
        {
            if (row.RowKey == HeadRow)
            {
                head = row;
            }
            else
            {
                rows.Add(row);
            }
        }

        return (rows, head);
    }

    private static ChainedAuditEntry ToChained(TableEntity row) => new(
        Json.Deserialize<AuditEntry>(row.GetString("Entry")),
        row.GetString("Partition"),
        row.GetInt64("Sequence") ?? 0,
        row.GetString("PreviousHash"),
        row.GetString("Hash"));

    private static string Inverted(DateTimeOffset at) => (DateTime.MaxValue.Ticks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static string RowKey(DateTimeOffset at, string id) => Inverted(at) + "_" + KeyEscaper.Escape(id);
}
