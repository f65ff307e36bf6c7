using System.Diagnostics;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OmniSupport.Api.Security;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Audit;
using OmniSupport.Core.Common;

namespace OmniSupport.Api.Endpoints;

/// <summary>
/// What every API endpoint does around its use case, in one place for both hosts: the key and its
/// scope (401/403), errors turned into problem details (404, 4xx domain rules, 503 when storage is
/// down: a fault of ours is never answered with a 4xx), and one audit entry per authenticated call
/// (key id, action, resource, status, request id, client address, and the customers the endpoint
/// said it touched through <see cref="ApiPrincipal.Touches"/>). A call whose audit entry cannot be
/// written answers 503: no read of customer data goes unrecorded.
/// </summary>
public sealed class ApiPipeline(ApiKeyAuthenticator authenticator, IAuditLog audit, TimeProvider clock, ILogger<ApiPipeline> log)
{
    public const string RequestIdHeader = "X-Request-Id";

    public async Task<IResult> RunAsync(HttpRequest request, ApiScope required, Func<ApiPrincipal, Task<IResult>> endpoint)
    {
        var ct = request.HttpContext.RequestAborted;
        ApiPrincipal? principal;
        try
        {
            principal = await authenticator.AuthenticateAsync(request, ct);
        }
        catch (Exception ex) when (IsStorageFault(ex))
        {
            return Unavailable(ex);
        }

        if (principal is null)
        {
            // Not audited (the chain records what a known key did); logged for monitoring, without the key itself.
            log.LogWarning("API call refused without a valid key: {Request}, key header {KeyHeader}, from {Client}",
                RequestRedaction.Describe(request), request.Headers.ContainsKey(ApiKeyAuthenticator.Header) ? "present" : "missing",
                request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return Problems.Create(401, "API key required", $"Send a valid key in the {ApiKeyAuthenticator.Header} header.");
        }

        var result = principal.Scope < required
            ? Problems.Create(403, "Scope too low", $"This endpoint needs the '{required.ToString().ToLowerInvariant()}' scope; key '{principal.KeyId}' has '{principal.Scope.ToString().ToLowerInvariant()}'.")
            : RouteIds.Check(request) is { } badId
                ? Problems.Create(400, "Invalid id", badId)
                : await GuardAsync(() => endpoint(principal));

        try
        {
            await audit.AppendAsync(Entry(request, principal, result), CancellationToken.None);
        }
        catch (Exception ex) when (IsStorageFault(ex))
        {
            log.LogError("Audit entry could not be written ({Error}); answering 503", ex.GetType().Name);
            return Problems.Create(503, "Audit unavailable", "The audit log could not record this call; retry later.");
        }

        return result;
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
        catch (RequestFailedException ex) when (ex.Status == 400)
        {
            // The store refused a value of the request (a key too long or of a form it cannot hold): the caller's input, not an outage.
            log.LogWarning("Storage refused a value of the request ({ErrorCode})", ex.ErrorCode);
            return Problems.Create(400, "Request refused", "A value in the request is of a length or form the hub cannot store.");
        }
        catch (Exception ex) when (IsStorageFault(ex))
        {
            return Unavailable(ex);
        }
    }

    private IResult Unavailable(Exception ex)
    {
        log.LogError("Storage unavailable: {Error}", ex.GetType().Name);
        return Problems.Create(503, "Storage unavailable", "The hub's storage did not answer; retry later.");
    }

    private static string Bounded(string value, int max) => value.Length <= max ? value : value[..max] + "…";

    private static bool IsStorageFault(Exception ex) => ex is RequestFailedException or HttpRequestException or TimeoutException or AggregateException;

    private AuditEntry Entry(HttpRequest request, ApiPrincipal principal, IResult result)
    {
        var template = (request.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimStart('/');
        var header = request.Headers[RequestIdHeader].ToString();
        var forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim();
        return new AuditEntry
        {
            Id = StableId.New("aud"),
            At = clock.GetUtcNow(),
            Actor = principal.Actor,
            Action = request.Method + " " + (template ?? request.Path.Value?.TrimStart('/') ?? ""),
            Resource = Bounded(request.Path.Value ?? "", 1024),
            CustomerIds = principal.Customers,
            Status = (result as IStatusCodeHttpResult)?.StatusCode ?? 200,
            RequestId = string.IsNullOrEmpty(header) ? Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier : header[..Math.Min(header.Length, 128)],
            ClientAddress = principal.ClientAddress ?? (forwarded.Length > 0 ? forwarded : null),
        };
    }
}

public static class Problems
{
    public static IResult Create(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
