using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Security;

namespace OmniSupport.Api.Security;

/// <summary>
/// Checks <c>X-Api-Key</c> against the SHA-256 hashes in configuration and those stored through the
/// admin API or the Server's <c>keys create</c> command (cached for <c>Api:StoredKeyCacheSeconds</c>).
/// </summary>
public sealed class ApiKeyAuthenticator(IOptionsMonitor<ApiOptions> options, IApiKeyStore store, TimeProvider clock)
{
    public const string Header = "X-Api-Key";
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile StoredKeys? _stored;

    private sealed record StoredKeys(IReadOnlyList<ApiKeyRecord> Keys, DateTimeOffset Expires);

    /// <summary>The caller, or null when the key is missing, unknown or revoked.</summary>
    public async Task<ApiPrincipal?> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        var presented = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var address = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var key in options.CurrentValue.Keys)
        {
            if (Matches(hash, key.Sha256))
            {
                return new ApiPrincipal(key.Id, HighestScope(key.Scopes), address);
            }
        }

        foreach (var key in await StoredAsync(ct))
        {
            if (key.RevokedAt is null && Matches(hash, key.Sha256))
            {
                return new ApiPrincipal(key.Id, HighestScope(key.Scopes), address);
            }
        }

        return null;
    }

    /// <summary>Drops the cached stored keys (after a create or revoke in this process).</summary>
    public void Invalidate() => _stored = null;

    public bool IsConfigured(string id) => options.CurrentValue.Keys.Any(k => string.Equals(k.Id, id, StringComparison.Ordinal));

    private async Task<IReadOnlyList<ApiKeyRecord>> StoredAsync(CancellationToken ct)
    {
        var current = _stored;
        if (current is not null && current.Expires > clock.GetUtcNow())
        {
            return current.Keys;
        }

        await _refresh.WaitAsync(ct);
        try
        {
            current = _stored;
            if (current is not null && current.Expires > clock.GetUtcNow())
            {
                return current.Keys;
            }

            var keys = await store.ListAsync(ct);
            _stored = new StoredKeys(keys, clock.GetUtcNow().AddSeconds(options.CurrentValue.StoredKeyCacheSeconds));
            return keys;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static bool Matches(byte[] hash, string storedHex)
    {
        try
        {
            return CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(storedHex.Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static ApiScope HighestScope(string scopes)
    {
        var highest = (ApiScope)0;
        foreach (var s in scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<ApiScope>(s, ignoreCase: true, out var scope) && scope > highest)
            {
                highest = scope;
            }
        }

        return highest;
    }
}
