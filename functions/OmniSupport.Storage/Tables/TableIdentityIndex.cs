using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Identity;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Identities: one partition per identity (<c>{kind}:{value}</c>), RowKey <c>id</c>. Resolution is a
/// point read, there is no hot partition, and two first contacts racing get a 409 for one of them.
/// </summary>
public sealed class TableIdentityIndex(StorageClients clients) : IIdentityIndex
{
    private const string Row = "id";
    private readonly TableClient _table = clients.Table(clients.Names.Identities);

    public async Task<string?> FindAsync(ContactIdentity identity, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Key(identity), Row, ["CustomerId"], ct);
        return row.HasValue ? row.Value?.GetString("CustomerId") : null;
    }

    public async Task<string> ClaimAsync(ContactIdentity identity, string customerId, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(Entity(identity, customerId), ct);
            return customerId;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return await FindAsync(identity, ct) ?? customerId;
        }
    }

    public async Task RepointAsync(ContactIdentity identity, string customerId, CancellationToken ct) =>
        await _table.UpsertEntityAsync(Entity(identity, customerId), TableUpdateMode.Replace, ct);

    private static string Key(ContactIdentity identity) => KeyEscaper.Escape(identity.ToString());

    private static TableEntity Entity(ContactIdentity identity, string customerId) => new(Key(identity), Row)
    {
        ["CustomerId"] = customerId,
        ["Kind"] = identity.Kind,
    };
}
