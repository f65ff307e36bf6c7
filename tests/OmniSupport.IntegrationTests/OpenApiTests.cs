using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Api;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed partial class OpenApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static string Normalize(string route) => "/" + route.TrimStart('/').Replace("{**", "{", StringComparison.Ordinal).Replace("{*", "{", StringComparison.Ordinal);

    private async Task<SortedSet<string>> DocumentedAsync()
    {
        var document = await (await _hub.CreateClient().GetAsync("/api/openapi.json")).JsonAsync();
        return new SortedSet<string>(document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => m.Name.ToUpperInvariant() + " " + p.Name)), StringComparer.Ordinal);
    }

    private SortedSet<string> ServedByServer()
    {
        _ = _hub.Server;
        // The API's routes; the console's static files (/console/…) are pages, not operations (ConsoleTests cover both hosts).
        var endpoints = _hub.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith(Routes.Prefix + "/", StringComparison.Ordinal));
        return new SortedSet<string>(endpoints.SelectMany(e =>
            (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m + " " + Normalize(e.RoutePattern.RawText!))), StringComparer.Ordinal);
    }

    /// <summary>Every <c>[HttpTrigger(..., "get", "post", Route = Routes.X)]</c> in the Functions app's trigger classes.</summary>
    private static SortedSet<string> ServedByFunctions()
    {
        var constants = typeof(Routes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var folder = Path.Combine(RepositoryRoot.Find(), "functions", "OmniSupport.Functions", "Triggers");
        var served = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.cs"))
        {
            foreach (Match m in HttpTrigger().Matches(File.ReadAllText(file)))
            {
                var route = "/" + Routes.Prefix + "/" + constants[m.Groups["route"].Value];
                foreach (Capture method in m.Groups["method"].Captures)
                {
                    served.Add(method.Value.ToUpperInvariant() + " " + Normalize(route));
                }
            }
        }

        return served;
    }

    [GeneratedRegex("HttpTrigger\\(AuthorizationLevel\\.\\w+(?:,\\s*\"(?<method>\\w+)\")+,\\s*Route\\s*=\\s*Routes\\.(?<route>\\w+)\\)")]
    private static partial Regex HttpTrigger();

    [Fact]
    public async Task The_openapi_document_lists_exactly_the_routes_both_hosts_serve()
    {
        var documented = await DocumentedAsync();
        var server = ServedByServer();
        var functions = ServedByFunctions();

        // The same sets, asserted as their differences so a failure names the route.
        Assert.Empty(server.Except(documented));
        Assert.Empty(documented.Except(server));
        Assert.Empty(server.Except(functions));
        Assert.Empty(functions.Except(server));
        Assert.Contains("POST /api/conversations/{id}/resolve", documented);
    }

    [Fact]
    public async Task The_docs_page_is_served_without_a_key_and_loads_the_local_document()
    {
        var page = await _hub.CreateClient().GetAsync("/api/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("fetch('openapi.json')", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }
}
