using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Security;

namespace OmniSupport.Api.Security;

/// <summary>
/// The one place credentials are checked: <c>X-Api-Key</c> against the SHA-256 hashes in configuration
/// and those stored through the admin API or the Server's <c>keys create</c> command (cached for
/// <c>Api:StoredKeyCacheSeconds</c>), or else the console's session cookie, whose stored session names
/// a key that must still be valid (a revoked key ends its sessions; its current scope applies).
/// </summary>
public sealed class ApiKeyAuthenticator(IOptionsMonitor<ApiOptions> options, IApiKeyStore store, ISessionStore sessions, TimeProvider clock)
{
    public const string Header = "X-Api-Key";
    public const string SessionCookie = "omnisupport_session";
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile StoredKeys? _stored;

    private sealed record StoredKeys(IReadOnlyList<ApiKeyRecord> Keys, DateTimeOffset Expires);

    /// <summary>The caller, or null when the key is missing, unknown or revoked.</summary>
    public async Task<ApiPrincipal?> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        var presented = request.Headers[Header].ToString();
        var address = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return await FromSessionAsync(request, address, ct);
        }

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

    /// <summary>The session token of the request's cookie, if it carries one.</summary>
    public static string? SessionToken(HttpRequest request) =>
        request.Cookies.TryGetValue(SessionCookie, out var token) && !string.IsNullOrEmpty(token) && token.Length <= 256 ? token : null;

    private async Task<ApiPrincipal?> FromSessionAsync(HttpRequest request, string? address, CancellationToken ct)
    {
        var token = SessionToken(request);
        if (token is null)
        {
            return null;
        }

        var session = await sessions.GetAsync(StartSession.HashOf(token), ct);
        if (session is null || session.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        var configured = options.CurrentValue.Keys.FirstOrDefault(k => string.Equals(k.Id, session.KeyId, StringComparison.Ordinal));
        if (configured is not null)
        {
            return new ApiPrincipal(configured.Id, HighestScope(configured.Scopes), address);
        }

        var stored = (await StoredAsync(ct)).FirstOrDefault(k => k.RevokedAt is null && string.Equals(k.Id, session.KeyId, StringComparison.Ordinal));
        return stored is null ? null : new ApiPrincipal(stored.Id, HighestScope(stored.Scopes), address);
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
