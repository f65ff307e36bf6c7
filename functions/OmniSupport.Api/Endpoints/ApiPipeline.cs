using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;

namespace OmniSupport.Api.Endpoints;

/// <summary>
/// What an API endpoint checks before its use case, the same in both hosts. The caller was authenticated,
/// authorized and will be audited by the host (the Server: <see cref="ApiKeyAuthenticationHandler"/>, the
/// scope policies and the audit endpoint filter; the Functions app: its worker middleware), and exceptions
/// become problem details there too (<see cref="Errors.ProblemMapping"/>). Here: the caller the host left
/// (an endpoint reached without one, or with too low a scope, is still refused: a route mapped without its
/// policy stays closed), and the route ids (400 before they reach a table key).
/// </summary>
public sealed class ApiPipeline(ApiAccess access)
{
    public const string RequestIdHeader = Audit.AuditTrail.RequestIdHeader;

    public async Task<IResult> RunAsync(HttpRequest request, ApiScope required, Func<ApiPrincipal, Task<IResult>> endpoint)
    {
        var principal = ApiCaller.Of(request.HttpContext);
        if (access.Check(request, principal, required) is { } refused)
        {
            return refused;
        }

        return RouteIds.Check(request) is { } badId
            ? Problems.Create(400, "Invalid id", badId)
            : await endpoint(principal!);
    }
}

public static class Problems
{
    public static IResult Create(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
