using System.Diagnostics;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OmniSupport.Api.Endpoints;
using OmniSupport.Api.Security;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Audit;
using OmniSupport.Core.Common;

namespace OmniSupport.Api.Audit;

/// <summary>
/// One audit entry per call of a known key, for both hosts (the Server's endpoint filter, the Functions
/// app's worker middleware): key id, action, resource, status, request id, client address, and the
/// customers the endpoint said it touched through <see cref="ApiPrincipal.Touches"/>. A call whose entry
/// cannot be written answers 503: no read of customer data goes unrecorded.
/// </summary>
public sealed class AuditTrail(IAuditLog audit, TimeProvider clock, ILogger<AuditTrail> log)
{
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>Appends the entry; the 503 to answer instead when it could not be written, else null.</summary>
    public async Task<IResult?> RecordAsync(HttpContext context, ApiPrincipal principal, int status)
    {
        try
        {
            await audit.AppendAsync(Entry(context.Request, principal, status), CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or TimeoutException or AggregateException)
        {
            log.LogError(SummarizedException.Of(ex), "Audit entry could not be written ({Error}); answering 503", ex.GetType().Name);
            return Problems.Create(503, "Audit unavailable", "The audit log could not record this call; retry later.");
        }
    }

    /// <summary>The status a result will answer with (200 for results that do not say).</summary>
    public static int StatusOf(IResult? result) => (result as IStatusCodeHttpResult)?.StatusCode ?? 200;

    private static string Bounded(string value, int max) => value.Length <= max ? value : value[..max] + "…";

    private AuditEntry Entry(HttpRequest request, ApiPrincipal principal, int status)
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
            Status = status,
            RequestId = string.IsNullOrEmpty(header) ? Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier : header[..Math.Min(header.Length, 128)],
            ClientAddress = principal.ClientAddress ?? (forwarded.Length > 0 ? forwarded : null),
        };
    }
}
