using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Outbox: the messages a laptop hub would have sent. One partition (<c>outbox</c>: a local-mode table
/// that never sees production volume), RowKey inverted ticks of the message's creation + its id, so
/// it lists newest first and the same message written twice is one row.
/// </summary>
public sealed class TableOutbox(StorageClients clients) : IOutbox
{
    private const string Partition = "outbox";
    private readonly TableClient _table = clients.Table(clients.Names.Outbox);

    public async Task WriteAsync(OutboxEntry entry, CancellationToken ct)
    {
        var rowKey = (DateTime.MaxValue.Ticks - entry.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + KeyEscaper.Escape(entry.OutboundId);
        try
        {
            var entity = new TableEntity(Partition, rowKey) { ["Channel"] = entry.Channel };
            EntityJson.Write(entity, Json.Serialize(entry));
            await _table.AddEntityAsync(entity, ct);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // Written by an earlier delivery of the same message.
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(int max, CancellationToken ct)
    {
        var entries = new List<OutboxEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            entries.Add(Json.Deserialize<OutboxEntry>(EntityJson.Read(row)));
            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }
}
