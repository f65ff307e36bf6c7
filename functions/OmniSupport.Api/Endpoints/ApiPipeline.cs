using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OmniSupport.Api.Security;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;

namespace OmniSupport.Api.Endpoints;

/// <summary>
/// What every API endpoint does around its use case, in one place for both hosts: the key and its
/// scope (401/403), and errors turned into problem details (404, 4xx domain rules, 503 when storage
/// is down: a fault of ours is never answered with a 4xx).
/// </summary>
public sealed class ApiPipeline(ApiKeyAuthenticator authenticator, ILogger<ApiPipeline> log)
{
    public async Task<IResult> RunAsync(HttpRequest request, ApiScope required, Func<ApiPrincipal, Task<IResult>> endpoint)
    {
        var principal = authenticator.Authenticate(request);
        if (principal is null)
        {
            return Problems.Create(401, "API key required", $"Send a valid key in the {ApiKeyAuthenticator.Header} header.");
        }

        if (principal.Scope < required)
        {
            return Problems.Create(403, "Scope too low", $"This endpoint needs the '{required.ToString().ToLowerInvariant()}' scope; key '{principal.KeyId}' has '{principal.Scope.ToString().ToLowerInvariant()}'.");
        }

        return await GuardAsync(() => endpoint(principal));
    }

    /// <summary>Maps the exceptions of a use case to problem details (for endpoints without an API key, such as health).</summary>
    public async Task<IResult> GuardAsync(Func<Task<IResult>> endpoint)
    {
        try
        {
            return await endpoint();
        }
        catch (NotFoundException ex)
        {
            return Problems.Create(404, "Not found", ex.Message);
        }
        catch (DomainRuleException ex)
        {
            return Problems.Create(ex.StatusCode, "Request refused", ex.Message);
        }
        catch (ConcurrencyConflictException ex)
        {
            return Problems.Create(409, "Conflict", ex.Message);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or TimeoutException or AggregateException)
        {
            log.LogError("Storage unavailable: {Error}", ex.GetType().Name);
            return Problems.Create(503, "Storage unavailable", "The hub's storage did not answer; retry later.");
        }
    }
}

public static class Problems
{
    public static IResult Create(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
