using System.Security.Cryptography;
using System.Text;

namespace OmniSupport.Core.Security;

/// <summary>
/// A console sign-in: an API key exchanged once for a random session token. Only the token's SHA-256
/// is stored; the key id names who acts, so the audit trail is the key's.
/// </summary>
public sealed record ConsoleSession(string TokenHash, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public interface ISessionStore
{
    Task CreateAsync(ConsoleSession session, CancellationToken ct);

    Task<ConsoleSession?> GetAsync(string tokenHash, CancellationToken ct);

    Task DeleteAsync(string tokenHash, CancellationToken ct);
}

/// <summary>The token handed to the browser (in an HttpOnly cookie) and when it stops working.</summary>
public sealed record StartedSession(string Token, ConsoleSession Session);

/// <summary>Starts a console session for a key that was just checked.</summary>
public sealed class StartSession(ISessionStore store, TimeProvider clock)
{
    public async Task<StartedSession> StartAsync(string keyId, TimeSpan lifetime, CancellationToken ct)
    {
        var token = "oss_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var session = new ConsoleSession(HashOf(token), keyId, now, now + lifetime);
        await store.CreateAsync(session, ct);
        return new StartedSession(token, session);
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>Signs a session out: the stored row goes, so the cookie is worthless even if kept.</summary>
public sealed class EndSession(ISessionStore store)
{
    public Task EndAsync(string token, CancellationToken ct) => store.DeleteAsync(StartSession.HashOf(token), ct);
}
