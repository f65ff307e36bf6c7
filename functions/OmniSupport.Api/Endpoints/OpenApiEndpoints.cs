using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniSupport.Api.OpenApi;

namespace OmniSupport.Api.Endpoints;

/// <summary><c>GET /api/openapi.json</c> and <c>GET /api/docs</c> (a self-contained page over it). No key needed.</summary>
public sealed class OpenApiEndpoints(IOptionsMonitor<ApiOptions> options)
{
    // The document depends only on the catalog and the public URL: built once per URL.
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    public IResult Document() =>
        Results.Text(_documents.GetOrAdd(options.CurrentValue.PublicBaseUrl ?? "", url => ApiDocument.ToJson(ApiDocument.Build(url))), "application/json; charset=utf-8");

    public IResult Docs() => Results.Content(DocsPage.Html, "text/html; charset=utf-8");
}
