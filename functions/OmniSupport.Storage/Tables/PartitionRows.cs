using Azure.Data.Tables;

namespace OmniSupport.Storage.Tables;

internal static class PartitionRows
{
    /// <summary>
    /// Every row of a small partition by its RowKey, in one request: how an aggregate is read together with
    /// the rows kept beside it (a profile and its open pointer, a conversation and its journey record).
    /// </summary>
    public static async Task<Dictionary<string, TableEntity>> ReadPartitionAsync(this TableClient table, string partitionKey, CancellationToken ct)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 10, cancellationToken: ct))
        {
            rows[row.RowKey] = row;
        }

        return rows;
    }
}
