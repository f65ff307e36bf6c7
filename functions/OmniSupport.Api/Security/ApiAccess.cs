using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OmniSupport.Api.Endpoints;

namespace OmniSupport.Api.Security;

/// <summary>
/// The one rule both hosts apply to a caller: no valid key (or session) is 401, a key whose scope is
/// under the operation's is 403, each with a problem body that says what to send. A refusal without a
/// key is logged for monitoring, never with the key itself.
/// </summary>
public sealed class ApiAccess(ILogger<ApiAccess> log)
{
    /// <summary>The refusal for this caller, or null when the caller may run an operation of the scope.</summary>
    public IResult? Check(HttpRequest request, ApiPrincipal? principal, ApiScope required)
    {
        if (principal is null)
        {
            log.LogWarning("API call refused without a valid key: {Request}, key header {KeyHeader}, from {Client}",
                RequestRedaction.Describe(request), request.Headers.ContainsKey(ApiKeyAuthenticator.Header) ? "present" : "missing",
                request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return Problems.Create(401, "API key required", $"Send a valid key in the {ApiKeyAuthenticator.Header} header.");
        }

        return principal.Scope < required
            ? Problems.Create(403, "Scope too low", $"This endpoint needs the '{Name(required)}' scope; key '{principal.KeyId}' has '{Name(principal.Scope)}'.")
            : null;
    }

    public static string Name(ApiScope scope) => scope.ToString().ToLowerInvariant();
}
