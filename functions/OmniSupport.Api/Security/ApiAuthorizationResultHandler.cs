using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Audit;

namespace OmniSupport.Api.Security;

/// <summary>
/// Answers a call a scope policy refused with the problem body of <see cref="ApiAccess"/> (401 without a
/// valid key, 403 naming the scope needed) instead of the framework's empty challenge. A known key's
/// refused attempt is audited like its other calls.
/// </summary>
public sealed class ApiAuthorizationResultHandler(ApiAccess access, AuditTrail audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var required = policy.Requirements.OfType<ScopeRequirement>().Select(r => (ApiScope?)r.Scope).Max();
        if (authorizeResult.Succeeded || required is null)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var principal = ApiCaller.Of(context);
        var refusal = access.Check(context.Request, principal, required.Value) ?? Endpoints.Problems.Create(403, "Forbidden", "This call is not allowed for the key.");
        if (principal is not null)
        {
            refusal = await audit.RecordAsync(context, principal, StatusCodes.Status403Forbidden) ?? refusal;
        }

        await refusal.ExecuteAsync(context);
    }
}
