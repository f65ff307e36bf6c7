using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class ApiAccessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_request_without_a_key_is_401_and_with_an_unknown_key_is_401()
    {
        var none = await _hub.CreateClient().GetAsync("/api/customers/cus_x");
        var unknown = await _hub.Api("not-a-key").GetAsync("/api/customers/cus_x");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("X-Api-Key", (await none.ReadAsync<ProblemDto>()).Detail);
    }

    [Fact]
    public async Task A_refused_key_is_logged_as_a_warning_without_the_key()
    {
        var logs = new FakeLogCollector();
        _hub.TestServices = services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs));

        await _hub.Api("guessed-key-123").GetAsync("/api/customers/cus_x");

        var refused = Assert.Single(logs.GetSnapshot(), r => r.Message.StartsWith("API call refused", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains("GET /api/customers/cus_x, key header present", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("guessed-key-123", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_key_cannot_write_or_administer()
    {
        var write = await _hub.Api(HubFactory.ReadKey).PostAsJsonAsync("/api/customers/cus_x/identities", new { kind = "x", value = "1" });
        var admin = await _hub.Api(HubFactory.WriteKey).GetAsync("/api/admin/poison");

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Fact]
    public async Task An_unknown_customer_is_404_with_problem_details()
    {
        var response = await _hub.Api(HubFactory.ReadKey).GetAsync("/api/customers/cus_missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_agent_links_an_x_handle_and_the_next_x_message_joins_the_customer()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("link-1", "email", "Hello by email", email: "cy@example.com"));
        var customer = await _hub.CustomerByAsync("email", "cy@example.com");
        await _hub.TimelineWithAsync(customer.Id, "link-1");

        var link = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/customers/{customer.Id}/identities", new { kind = "x", value = "987654321" });
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);

        await _hub.PostAcceptedAsync(Scenario.Message("link-2", "x", "DM on X", handles: new() { ["x"] = "987654321" }));
        var timeline = await _hub.TimelineWithAsync(customer.Id, "link-1", "link-2");

        Assert.Single(timeline.Events.Where(e => e.Direction == "inbound").Select(e => e.ConversationId).Distinct());
        Assert.Contains(timeline.Events, e => e.Metadata.GetValueOrDefault("action") == "link-identity");
    }

    [Fact]
    public async Task Linking_a_handle_that_belongs_to_another_customer_is_409()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("own-1", "x", "mine", handles: new() { ["x"] = "111" }));
        await _hub.PostAcceptedAsync(Scenario.Message("own-2", "email", "other", email: "other@example.com"));
        var other = await _hub.CustomerByAsync("email", "other@example.com");
        await _hub.TimelineWithAsync(other.Id, "own-2");
        await Eventually.GetAsync(async () => await _hub.CountAsync("inbound") == 0 ? "drained" : null);

        var response = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/customers/{other.Id}/identities", new { kind = "x", value = "111" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already belongs to customer", (await response.ReadAsync<ProblemDto>()).Detail);
    }

    [Fact]
    public async Task Health_answers_without_a_key_when_storage_is_up()
    {
        var response = await _hub.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
