using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Api.Catalog;

namespace OmniSupport.Api.Security;

/// <summary>
/// One authorization policy per scope (<c>api:read</c>, <c>api:write</c>, <c>api:admin</c>), each
/// authenticating with the API-key scheme only; a higher scope satisfies a lower one. The Server's
/// endpoint mapping attaches <see cref="For"/> of each operation's catalog scope.
/// </summary>
public static class ApiPolicies
{
    public const string Read = "api:read";
    public const string Write = "api:write";
    public const string Admin = "api:admin";

    public static string For(ApiScope scope) => scope switch
    {
        ApiScope.Read => Read,
        ApiScope.Write => Write,
        ApiScope.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "No policy for this scope."),
    };

    /// <summary>The API-key scheme, the three policies, and the problem-details answer to a refused call.</summary>
    public static IServiceCollection AddApiKeyAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder();
        foreach (var scope in Enum.GetValues<ApiScope>())
        {
            authorization.AddPolicy(For(scope), p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .AddRequirements(new ScopeRequirement(scope)));
        }

        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        return services;
    }
}

/// <summary>A caller needs at least this scope.</summary>
public sealed record ScopeRequirement(ApiScope Scope) : IAuthorizationRequirement;

public sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var claim = context.User.FindFirst(ApiKeyAuthenticationHandler.ScopeClaim)?.Value;
        if (Enum.TryParse<ApiScope>(claim, ignoreCase: true, out var scope) && scope >= requirement.Scope)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The scope each operation of <see cref="ApiCatalog"/> needs: one lookup for both hosts.</summary>
public static class ApiScopes
{
    public static ApiScope? Of(string method, string route)
    {
        var normalized = route.Replace("{**", "{*", StringComparison.Ordinal);
        return ApiCatalog.Operations.FirstOrDefault(o =>
            string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(o.Route, normalized, StringComparison.Ordinal))?.Scope;
    }

    public static ClaimsPrincipal ToClaims(ApiPrincipal principal) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, principal.KeyId),
            new Claim(ApiKeyAuthenticationHandler.ScopeClaim, ApiAccess.Name(principal.Scope)),
        ],
        ApiKeyAuthenticationHandler.SchemeName));
}
