using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Security;

namespace OmniSupport.Storage.Tables;

/// <summary>Console sessions: PartitionKey the SHA-256 of the token (one point read per request), RowKey <c>session</c>.</summary>
public sealed class TableSessionStore(StorageClients clients) : ISessionStore
{
    private const string Row = "session";
    private readonly TableClient _table = clients.Table(clients.Names.Sessions);

    public Task CreateAsync(ConsoleSession session, CancellationToken ct) =>
        _table.AddEntityAsync(new TableEntity(session.TokenHash, Row)
        {
            ["KeyId"] = session.KeyId,
            ["CreatedAt"] = session.CreatedAt,
            ["ExpiresAt"] = session.ExpiresAt,
        }, ct);

    public async Task<ConsoleSession?> GetAsync(string tokenHash, CancellationToken ct)
    {
        if (tokenHash.Length != 64 || !tokenHash.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(tokenHash, Row, cancellationToken: ct);
        if (!row.HasValue || row.Value is null)
        {
            return null;
        }

        var e = row.Value;
        return new ConsoleSession(tokenHash, e.GetString("KeyId"), e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("ExpiresAt") ?? default);
    }

    public async Task DeleteAsync(string tokenHash, CancellationToken ct)
    {
        try
        {
            await _table.DeleteEntityAsync(tokenHash, Row, ETag.All, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Signed out already.
        }
    }
}
