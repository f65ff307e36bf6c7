using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OmniSupport.Api.Security;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Handoffs;
using OmniSupport.Core.Reports;

namespace OmniSupport.Api.Endpoints;

public sealed record ResolveRequest(string? Code, bool Recollected, string? Notes);

public sealed class ConversationEndpoints(
    ApiPipeline pipeline,
    GetConversation getConversation,
    ResolveWithDisposition resolve,
    BuildHandoffCard card)
{
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            var conversation = await getConversation.GetAsync(id, ct);
            principal.Touches(conversation.CustomerId);
            return TypedResults.Ok(conversation);
        });

    /// <summary><c>POST /api/conversations/{id}/resolve</c> <c>{ "code": "refund-issued", "recollected": true, "notes": "…" }</c></summary>
    public Task<IResult> ResolveAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            var conversation = await getConversation.GetAsync(id, ct);
            principal.Touches(conversation.CustomerId);
            var body = await JsonBody.ReadAsync<ResolveRequest>(request, ct);
            if (body is null)
            {
                return Problems.Create(400, "Malformed body", "Send JSON { \"code\": \"…\", \"recollected\": false, \"notes\": \"…\" }.");
            }

            return TypedResults.Ok(await resolve.ResolveAsync(conversation, body.Code, body.Recollected, body.Notes, principal.Actor, ct));
        });

    /// <summary><c>GET /api/conversations/{id}/card?format=json|html|text</c> (or by Accept).</summary>
    public Task<IResult> CardAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            var format = request.Query["format"].ToString().ToLowerInvariant();
            if (format.Length == 0)
            {
                var accept = request.GetTypedHeaders().Accept;
                format = accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)) ? "html"
                    : accept.Any(a => a.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)) ? "text" : "json";
            }

            if (format is not ("json" or "html" or "text"))
            {
                return Problems.Create(400, "Unknown format", "format is json, html or text.");
            }

            var built = await card.BuildAsync(id, ct);
            principal.Touches(built.CustomerId);
            return format switch
            {
                "html" => Results.Content(HandoffCardRenderer.Html(built), "text/html; charset=utf-8"),
                "text" => Results.Text(HandoffCardRenderer.Text(built), "text/plain; charset=utf-8"),
                _ => TypedResults.Ok(built),
            };
        });
}

/// <summary><c>GET /api/reports/handoffs?from=&amp;to=</c>: re-collection rate by bot platform and intent.</summary>
public sealed class ReportEndpoints(ApiPipeline pipeline, GetHandoffReport report, TimeProvider clock)
{
    public Task<IResult> HandoffsAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ =>
        {
            var to = Query.Time(request, "to") ?? clock.GetUtcNow();
            var from = Query.Time(request, "from") ?? to.AddDays(-30);
            return TypedResults.Ok(await report.GetAsync(from, to, ct));
        });
}
