using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;

namespace OmniSupport.Storage.Tables;

/// <summary>Dedupe records: PartitionKey <c>{source}:{messageId}</c>, RowKey <c>seen</c>.</summary>
public sealed class TableInbox(StorageClients clients) : IInbox
{
    private const string Row = "seen";
    private readonly TableClient _table = clients.Table(clients.Names.Inbox);

    public async Task<bool> WasProcessedAsync(string source, string providerMessageId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Key(source, providerMessageId), Row, ["ProcessedAt"], ct);
        return row.HasValue;
    }

    public async Task MarkProcessedAsync(string source, string providerMessageId, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(Key(source, providerMessageId), Row) { ["ProcessedAt"] = DateTimeOffset.UtcNow, ["SentAt"] = at }, ct);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
        }
    }

    public async Task<int> SweepAsync(DateTimeOffset olderThan, CancellationToken ct)
    {
        var swept = 0;
        var filter = TableClient.CreateQueryFilter($"ProcessedAt lt {olderThan}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            try
            {
                await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
                swept++;
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
            }
        }

        return swept;
    }

    private static string Key(string source, string messageId) => KeyEscaper.Escape($"{source}:{messageId}");
}
