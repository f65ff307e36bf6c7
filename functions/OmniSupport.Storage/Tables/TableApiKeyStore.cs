using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Security;

namespace OmniSupport.Storage.Tables;

/// <summary>API keys: PartitionKey <c>key</c>, RowKey the key id; only the SHA-256 of the key is stored.</summary>
public sealed class TableApiKeyStore(StorageClients clients) : IApiKeyStore
{
    private const string Partition = "key";
    private readonly TableClient _table = clients.Table(clients.Names.ApiKeys);

    public async Task<bool> CreateAsync(ApiKeyRecord key, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(Partition, KeyEscaper.Escape(key.Id)) { ["Data"] = Json.Serialize(key) }, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct)
    {
        var list = new List<ApiKeyRecord>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: ct))
        {
            list.Add(Json.Deserialize<ApiKeyRecord>(row.GetString("Data")));
        }

        return list;
    }

    public async Task<bool> RevokeAsync(string id, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyEscaper.Escape(id), cancellationToken: ct);
        if (!row.HasValue || row.Value is null)
        {
            return false;
        }

        var key = Json.Deserialize<ApiKeyRecord>(row.Value.GetString("Data"));
        if (key.RevokedAt is null)
        {
            key.RevokedAt = at;
            key.RevokedBy = actor;
            await _table.UpdateEntityAsync(new TableEntity(Partition, row.Value.RowKey) { ["Data"] = Json.Serialize(key) }, row.Value.ETag, TableUpdateMode.Replace, ct);
        }

        return true;
    }
}
