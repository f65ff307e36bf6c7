using System.Security.Cryptography;
using System.Text;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Security;

public sealed record CreatedApiKey(string Id, string Key, string Scopes, DateTimeOffset CreatedAt);

/// <summary>Creates an API key: a random secret shown once, stored only as its SHA-256.</summary>
public sealed class CreateApiKey(IApiKeyStore store, TimeProvider clock)
{
    public static readonly string[] KnownScopes = ["read", "write", "admin"];

    public async Task<CreatedApiKey> CreateAsync(string id, string scopes, string actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new DomainRuleException("The key id must be 1-64 letters, digits, '-', '_' or '.'.", 400);
        }

        var list = scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (list.Count == 0 || list.Any(s => !KnownScopes.Contains(s)))
        {
            throw new DomainRuleException($"Scopes must be a comma-separated list of {string.Join(", ", KnownScopes)}.", 400);
        }

        var key = "osk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var record = new ApiKeyRecord
        {
            Id = id,
            Sha256 = HashOf(key),
            Scopes = string.Join(',', list),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        if (!await store.CreateAsync(record, ct))
        {
            throw new DomainRuleException($"An API key with id '{id}' exists already.");
        }

        return new CreatedApiKey(id, key, record.Scopes, record.CreatedAt);
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

public sealed class RevokeApiKey(IApiKeyStore store, TimeProvider clock)
{
    public async Task RevokeAsync(string id, string actor, CancellationToken ct)
    {
        if (!await store.RevokeAsync(id, actor, clock.GetUtcNow(), ct))
        {
            throw new NotFoundException($"API key {id}");
        }
    }
}
