using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace OmniSupport.Api.Security;

/// <summary>Checks <c>X-Api-Key</c> against the configured SHA-256 hashes.</summary>
public sealed class ApiKeyAuthenticator(IOptionsMonitor<ApiOptions> options)
{
    public const string Header = "X-Api-Key";

    /// <summary>The caller, or null when the key is missing or unknown.</summary>
    public ApiPrincipal? Authenticate(HttpRequest request)
    {
        var presented = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var key in options.CurrentValue.Keys)
        {
            if (Matches(hash, key.Sha256))
            {
                return new ApiPrincipal(key.Id, HighestScope(key.Scopes), request.HttpContext.Connection.RemoteIpAddress?.ToString());
            }
        }

        return null;
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
