using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using OmniSupport.Api;
using OmniSupport.Api.Catalog;
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

    [Fact]
    public async Task The_served_document_reads_in_the_OpenAPI_NET_reader_without_errors_and_passes_its_validation_rules()
    {
        using var body = new MemoryStream(await _hub.CreateClient().GetByteArrayAsync("/api/openapi.json"));

        var (document, diagnostic) = await OpenApiDocument.LoadAsync(body, "json");

        Assert.NotNull(document);
        Assert.NotNull(diagnostic);
        Assert.Empty(diagnostic.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal(ApiCatalog.Operations.Count, document.Paths.Sum(p => p.Value.Operations?.Count ?? 0));
    }

    [Fact]
    public async Task The_served_document_gives_request_and_response_bodies_the_schemas_of_their_types()
    {
        var document = await (await _hub.CreateClient().GetAsync("/api/openapi.json")).JsonAsync();
        var resolve = document.GetProperty("paths").GetProperty("/api/conversations/{id}/resolve").GetProperty("post");
        var customer = document.GetProperty("components").GetProperty("schemas").GetProperty("Customer");

        Assert.Equal("#/components/schemas/ResolveRequest", resolve.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("refund-issued", resolve.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("code").GetString());
        Assert.Equal("#/components/schemas/Conversation", resolve.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/ContactIdentity", customer.GetProperty("properties").GetProperty("identities").GetProperty("items").GetProperty("$ref").GetString());
        Assert.True(document.GetProperty("paths").GetProperty("/api/conversations/{id}/replies").GetProperty("post").GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(document.GetProperty("paths").GetProperty("/api/kb/articles/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _));
    }

    /// <summary>
    /// Each operation once, with the admin key, the catalog's example body, and ids of a real customer and
    /// conversation where the route has them: whatever it answers must be a status its document lists.
    /// </summary>
    [Fact]
    public async Task Every_operation_called_once_answers_with_a_status_the_document_lists_for_it()
    {
        var email = $"every-op-{Guid.NewGuid():N}@example.com";
        var messageId = "every-op-" + Guid.NewGuid().ToString("N");
        var customer = await _hub.CustomerWithMessageAsync(messageId, email);
        var conversationId = await _hub.OpenConversationIdAsync(customer.Id, messageId);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var document = await (await _hub.CreateClient().GetAsync("/api/openapi.json")).JsonAsync();
        var client = _hub.Api();
        var undocumented = new List<string>();

        foreach (var op in ApiCatalog.Operations)
        {
            var id = op.Route.StartsWith("customers/", StringComparison.Ordinal) ? customer.Id
                : op.Route.StartsWith("conversations/", StringComparison.Ordinal) ? conversationId
                : "missing-1";
            var path = "/" + Routes.Prefix + "/" + op.Route
                .Replace("{*path}", HubFactory.Source, StringComparison.Ordinal).Replace("{provider}", "generic", StringComparison.Ordinal)
                .Replace("{day}", today, StringComparison.Ordinal).Replace("{id}", id, StringComparison.Ordinal);
            var query = op.OperationId switch
            {
                "findCustomer" => "?email=" + Uri.EscapeDataString(email),
                "listAudit" => "?customerId=" + customer.Id,
                "listAppointments" => "?date=" + today,
                _ => "",
            };
            using var request = new HttpRequestMessage(new HttpMethod(op.Method), path + query);
            if (op.RequestExample is not null)
            {
                request.Content = new StringContent(op.RequestExample, System.Text.Encoding.UTF8, "application/json");
            }

            // Headers are enough (the queue stream would run for minutes).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            var documented = document.GetProperty("paths").GetProperty(Normalize(Routes.Prefix + "/" + op.Route)).GetProperty(op.Method.ToLowerInvariant()).GetProperty("responses");
            if (!documented.TryGetProperty(status, out _))
            {
                undocumented.Add($"{op.Method} {path} ({op.OperationId}) answered {status}, documented: {string.Join(",", documented.EnumerateObject().Select(r => r.Name))}");
            }
        }

        Assert.True(undocumented.Count == 0, string.Join("\n", undocumented));
    }
}
