using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using OmniSupport.TestUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class SubscriptionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Secret = "desk-shared-secret-0123456789";
    private readonly WireMockServer _desk = WireMockServer.Start();
    private HubFactory _hub = null!;

    public Task InitializeAsync()
    {
        _hub = new HubFactory(azurite.ConnectionString);
        _hub.Settings["Helpdesk:Webhooks:BaseDelaySeconds"] = "1";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _desk.Stop();
    }

    [Fact]
    public async Task Deleting_a_subscription_answers_204_once_then_404()
    {
        var created = await _hub.Api().PostAsJsonAsync("/api/subscriptions", new { url = _desk.Url + "/hooks", secret = Secret });
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await _hub.Api().DeleteAsync($"/api/subscriptions/{id}")).StatusCode);
        var again = await _hub.Api().DeleteAsync($"/api/subscriptions/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _hub.Api().DeleteAsync("/api/subscriptions/sub_never")).StatusCode);
    }

    [Fact]
    public async Task A_subscribed_endpoint_receives_a_signed_resolved_event_with_the_actor_and_a_500_is_retried()
    {
        // The desk fails the first try, then accepts.
        _desk.Given(Request.Create().WithPath("/hooks").UsingPost()).InScenario("flaky").WillSetStateTo("failed-once")
            .RespondWith(Response.Create().WithStatusCode(500));
        _desk.Given(Request.Create().WithPath("/hooks").UsingPost()).InScenario("flaky").WhenStateIs("failed-once")
            .RespondWith(Response.Create().WithStatusCode(200));
        var created = await _hub.Api().PostAsJsonAsync("/api/subscriptions", new { url = _desk.Url + "/hooks", secret = Secret, eventTypes = new[] { "conversation.resolved" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscriptionId = (await created.JsonAsync()).GetProperty("id").GetString();
        Assert.DoesNotContain(Secret, await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var customer = await _hub.CustomerWithMessageAsync("sub-1", "events@example.com");
        var conversationId = await _hub.OpenConversationIdAsync(customer.Id, "sub-1");
        var resolve = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{conversationId}/resolve", new { code = "resolved", recollected = false });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);

        var deliveries = await Helpdesk.EventuallyAsync(
            async () => await (await _hub.Api().GetAsync($"/api/subscriptions/{subscriptionId}/deliveries")).JsonAsync() is var j && j.GetArrayLength() > 0 ? (object)j : null,
            d => ((System.Text.Json.JsonElement)d)[0].GetProperty("status").GetString() == "delivered",
            "the delivery to succeed on a retry");
        var delivery = ((System.Text.Json.JsonElement)deliveries)[0];
        var posts = _desk.LogEntries.Where(e => e.RequestMessage.Path == "/hooks").ToList();

        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(2, posts.Count);
        Assert.Equal(500, posts[0].ResponseMessage.StatusCode);
        var last = posts[1].RequestMessage;
        var body = last.Body!;
        var timestamp = last.Headers!["X-OmniSupport-Timestamp"].Single();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
        Assert.Equal(expected, last.Headers["X-OmniSupport-Signature"].Single());
        Assert.Equal(delivery.GetProperty("id").GetString(), last.Headers["X-OmniSupport-Delivery"].Single());
        Assert.Equal(posts[0].RequestMessage.Headers!["X-OmniSupport-Delivery"].Single(), last.Headers["X-OmniSupport-Delivery"].Single());
        var payload = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal("conversation.resolved", payload.GetProperty("type").GetString());
        Assert.Equal("api-key:writer", payload.GetProperty("actor").GetString());
        Assert.Equal(conversationId, payload.GetProperty("conversationId").GetString());
        Assert.Equal("resolved", payload.GetProperty("data").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_subscription_needs_an_admin_key_a_url_and_a_long_secret_and_known_event_types()
    {
        var byWriter = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/subscriptions", new { url = "https://desk.example/h", secret = Secret });
        var noUrl = await _hub.Api().PostAsJsonAsync("/api/subscriptions", new { url = "not a url", secret = Secret });
        var shortSecret = await _hub.Api().PostAsJsonAsync("/api/subscriptions", new { url = "https://desk.example/h", secret = "short" });
        var unknownType = await _hub.Api().PostAsJsonAsync("/api/subscriptions", new { url = "https://desk.example/h", secret = Secret, eventTypes = new[] { "ticket.exploded" } });

        Assert.Equal(HttpStatusCode.Forbidden, byWriter.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noUrl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shortSecret.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);
    }
}
