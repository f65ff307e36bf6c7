using System.Net;
using System.Net.Http.Json;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// Errors the framework raises before any endpoint runs (no route for the method, a path the server
/// will not decode, a request line over the limit) answer like the API's own errors: a status and an
/// application/problem+json body that says what was wrong. On Kestrel, as deployed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FrameworkErrorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _hub.UseKestrel(0);
        _hub.StartServer();
        _client = _hub.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task A_method_a_webhook_route_does_not_take_is_405_with_problem_details()
    {
        var response = await _client.PutAsync("/api/webhooks/generic/test", new StringContent("{}"));

        var problem = await AssertProblemAsync(HttpStatusCode.MethodNotAllowed, response);
        Assert.Equal("/api/webhooks/generic/test does not take PUT; it takes GET, OPTIONS, POST.", problem.Detail); // GET, OPTIONS: the providers' verification calls
    }

    [Fact]
    public async Task A_nul_escaped_in_a_path_segment_is_400_with_problem_details()
    {
        var response = await _client.GetAsync("/api/customers/cus%00x");

        await AssertProblemAsync(HttpStatusCode.BadRequest, response);
    }

    [Fact]
    public async Task A_nul_escaped_in_a_webhook_path_is_400_with_problem_details()
    {
        var response = await _client.PostAsync("/api/webhooks/generic/te%00st", new StringContent("{}"));

        await AssertProblemAsync(HttpStatusCode.BadRequest, response);
    }

    [Fact]
    public async Task A_20_kb_query_string_is_414_with_problem_details()
    {
        var response = await _client.GetAsync("/api/customers?email=" + new string('a', 20 * 1024));

        await AssertProblemAsync(HttpStatusCode.RequestUriTooLong, response);
    }

    [Fact]
    public async Task An_unknown_api_route_is_404_with_problem_details()
    {
        var response = await _client.GetAsync("/api/no-such-thing");

        var problem = await AssertProblemAsync(HttpStatusCode.NotFound, response);
        Assert.Equal("No endpoint answers GET /api/no-such-thing. Every route of the API is listed in /api/openapi.json.", problem.Detail);
    }

    private static async Task<ProblemDto> AssertProblemAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
        Assert.Equal((int)expected, problem!.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        return problem;
    }
}
