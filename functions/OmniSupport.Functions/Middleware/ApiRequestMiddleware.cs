using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using OmniSupport.Api.Audit;
using OmniSupport.Api.Errors;
using OmniSupport.Api.Security;

namespace OmniSupport.Functions.Middleware;

/// <summary>
/// What the Server does around an endpoint with its authentication handler, scope policies, exception
/// handler and audit filter, done once for every HTTP function: the same <see cref="ApiKeyAuthenticator"/>
/// (key header or session cookie), the same 401/403 (<see cref="ApiAccess"/>), exceptions answered as
/// <see cref="ProblemMapping"/> says, and the same audit entry (<see cref="AuditTrail"/>). Other triggers
/// (queues, timers, orchestrations) pass straight through.
/// </summary>
public sealed class ApiRequestMiddleware(
    FunctionScopes scopes,
    ApiKeyAuthenticator authenticator,
    ApiAccess access,
    ProblemMapping problems,
    AuditTrail audit) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        ApiPrincipal? principal = null;
        IResult? answer;
        try
        {
            answer = scopes.Of(context.FunctionDefinition) is { } required
                ? await AuthorizeAsync(http, required)
                : null;
            principal = ApiCaller.Of(http);
            if (answer is null)
            {
                await next(context);
                answer = TakeResult(context);
            }
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            answer = problems.Handle(ex, http.Request).ToResult();
        }

        if (principal is not null)
        {
            answer = await audit.RecordAsync(http, principal, AuditTrail.StatusOf(answer)) ?? answer;
        }

        if (answer is not null)
        {
            await answer.ExecuteAsync(http);
        }
    }

    /// <summary>The refusal, or null when the caller may go on (the caller is then on the request).</summary>
    private async Task<IResult?> AuthorizeAsync(HttpContext http, ApiScope required)
    {
        var principal = await authenticator.AuthenticateAsync(http.Request, http.RequestAborted);
        if (principal is not null)
        {
            ApiCaller.Set(http, principal);
            http.User = ApiScopes.ToClaims(principal);
        }

        return access.Check(http.Request, principal, required);
    }

    /// <summary>The function's result, executed here (after the audit) rather than by the host's proxy.</summary>
    private static IResult? TakeResult(FunctionContext context)
    {
        var invocation = context.GetInvocationResult();
        if (invocation.Value is not IResult result)
        {
            return null;
        }

        invocation.Value = null;
        return result;
    }
}
