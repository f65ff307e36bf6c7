using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniSupport.Api.Security;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Knowledge;
using OmniSupport.Core.Routing;

namespace OmniSupport.Api.Endpoints;

public sealed record ArticleRequest(string? Id, string? Title, string? Markdown, Dictionary<string, string>? Variants, List<string>? Tags);

/// <summary>The one knowledge base: Markdown articles with per-tier variants, rendered per channel on read.</summary>
public sealed class KnowledgeEndpoints(
    ApiPipeline pipeline,
    ManageArticles manage,
    SearchArticles search,
    IKnowledgeBase kb,
    GetCustomer customers,
    IOptionsMonitor<KnowledgeOptions> options,
    IOptionsMonitor<ApiOptions> api)
{
    public Task<IResult> CreateAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            var body = await JsonBody.ReadAsync<ArticleRequest>(request, ct) ?? new ArticleRequest(null, null, null, null, null);
            var article = await manage.CreateAsync(body.Id, new ArticleInput(body.Title, body.Markdown, body.Variants, body.Tags), principal.Actor, ct);
            return Results.Json(article, statusCode: 201);
        });

    public Task<IResult> ReplaceAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            var body = await JsonBody.ReadAsync<ArticleRequest>(request, ct) ?? new ArticleRequest(null, null, null, null, null);
            return TypedResults.Ok(await manage.ReplaceAsync(id, new ArticleInput(body.Title, body.Markdown, body.Variants, body.Tags), principal.Actor, ct));
        });

    public Task<IResult> DeleteAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async _ =>
        {
            await manage.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

    public Task<IResult> ListAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ =>
            TypedResults.Ok((await kb.ListAsync(ct)).Select(a => new ArticleSummary(a.Id, a.Title, a.Tags, [.. a.Variants.Keys], a.UpdatedAt)).ToList()));

    /// <summary><c>GET /api/kb/articles/{id}?channel=email|chat|sms|voice&amp;tier=|customerId=</c>; without channel, the source.</summary>
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            var article = await kb.GetAsync(id, ct) ?? throw new OmniSupport.Core.Common.NotFoundException($"Article {id}");
            var channel = request.Query["channel"].ToString().ToLowerInvariant();
            if (channel.Length == 0)
            {
                return TypedResults.Ok(article);
            }

            var tier = request.Query["tier"].ToString();
            var customerId = request.Query["customerId"].ToString();
            if (tier.Length == 0 && customerId.Length > 0)
            {
                principal.Touches(customerId);
                var customer = await customers.GetAsync(customerId, ct);
                tier = customer.Attributes.GetValueOrDefault(CustomerAttributeNames.Tier) ?? "";
            }

            var o = options.CurrentValue;
            return TypedResults.Ok(ArticleRenderer.Render(article, channel, tier.Length == 0 ? null : tier, ArticleUrl(id, o), o.SmsMaxSegments));
        });

    public Task<IResult> SearchAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ => TypedResults.Ok(await search.SearchAsync(request.Query["q"].ToString(), ct)));

    private string ArticleUrl(string id, KnowledgeOptions o) =>
        string.IsNullOrWhiteSpace(o.ArticleUrlTemplate)
            ? $"{(api.CurrentValue.PublicBaseUrl ?? "").TrimEnd('/')}/api/kb/articles/{Uri.EscapeDataString(id)}?channel=email"
            : o.ArticleUrlTemplate.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);
}
