namespace OmniSupport.Core.Security;

/// <summary>A stored API key: only the SHA-256 of the key is kept.</summary>
public sealed class ApiKeyRecord
{
    public required string Id { get; init; }
    public required string Sha256 { get; init; }

    /// <summary>Comma-separated: read, write, admin.</summary>
    public required string Scopes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

public interface IApiKeyStore
{
    /// <summary>Inserts the key; false when a key with the id exists already.</summary>
    Task<bool> CreateAsync(ApiKeyRecord key, CancellationToken ct);

    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct);

    /// <summary>Marks the key revoked (kept for the audit trail); false when there is no such key.</summary>
    Task<bool> RevokeAsync(string id, string actor, DateTimeOffset at, CancellationToken ct);
}
