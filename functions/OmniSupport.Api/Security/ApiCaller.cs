using Microsoft.AspNetCore.Http;

namespace OmniSupport.Api.Security;

/// <summary>
/// Where a host's authentication leaves the caller of a request (the Server's
/// <see cref="ApiKeyAuthenticationHandler"/>, the Functions app's worker middleware), so endpoints,
/// the audit entry and the refusal all read the same principal.
/// </summary>
public static class ApiCaller
{
    private static readonly object Key = new();

    public static ApiPrincipal? Of(HttpContext context) => context.Items.TryGetValue(Key, out var value) ? value as ApiPrincipal : null;

    public static void Set(HttpContext context, ApiPrincipal principal) => context.Items[Key] = principal;
}
