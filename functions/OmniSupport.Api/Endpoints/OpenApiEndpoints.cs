using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniSupport.Api.OpenApi;

namespace OmniSupport.Api.Endpoints;

/// <summary><c>GET /api/openapi.json</c> and <c>GET /api/docs</c> (a self-contained page over it). No key needed.</summary>
public sealed class OpenApiEndpoints(IOptionsMonitor<ApiOptions> options)
{
    public IResult Document() =>
        Results.Text(OpenApiDocument.Build(options.CurrentValue.PublicBaseUrl).ToJsonString(JsonOptions.Indented), "application/json; charset=utf-8");

    public IResult Docs() => Results.Content(DocsPage.Html, "text/html; charset=utf-8");
}
