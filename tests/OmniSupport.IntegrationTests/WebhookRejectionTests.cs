using System.Net;
using System.Text;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class WebhookRejectionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public async Task InitializeAsync()
    {
        _hub.CreateClient(); // start the host: its storage initializer creates the queues
        await Eventually.GetAsync(async () => (await _hub.Queue("inbound").ExistsAsync()).Value ? "created" : null);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static string ValidBody() =>
        System.Text.Json.JsonSerializer.Serialize(Scenario.Message("rej-1", "chat", "hi", email: "rej@example.com"));

    [Fact]
    public async Task A_wrong_signature_is_401_with_problem_details_and_nothing_is_enqueued()
    {
        var response = await _hub.PostSignedAsync(ValidBody(), secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-OmniSupport-Signature", (await response.ReadAsync<ProblemDto>()).Detail);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task A_stale_timestamp_is_401_and_nothing_is_enqueued()
    {
        var response = await _hub.PostSignedAsync(ValidBody(), timestamp: DateTimeOffset.UtcNow.AddMinutes(-30));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("replay window", (await response.ReadAsync<ProblemDto>()).Detail);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task Malformed_json_is_400_with_problem_details_and_nothing_is_enqueued()
    {
        var response = await _hub.PostSignedAsync("{ \"channel\": \"chat\", ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", (await response.ReadAsync<ProblemDto>()).Detail);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task An_envelope_without_a_message_id_is_400_and_nothing_is_enqueued()
    {
        var response = await _hub.PostGenericAsync(new { channel = "chat", from = new { email = "x@example.com" }, text = "hi" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("messageId", (await response.ReadAsync<ProblemDto>()).Detail);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task An_unknown_provider_or_source_is_404()
    {
        var unknownProvider = await _hub.CreateClient().PostAsync("/api/webhooks/nosuch/x", new StringContent("{}", Encoding.UTF8, "application/json"));
        var unknownSource = await _hub.PostSignedAsync(ValidBody(), source: "nosuch");

        Assert.Equal(HttpStatusCode.NotFound, unknownProvider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSource.StatusCode);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task An_oversize_body_is_413_and_nothing_is_enqueued()
    {
        await using var small = new HubFactory(_hub.ConnectionString, _hub.Prefix);
        small.Settings["Api:MaxWebhookBodyBytes"] = "1024";
        var body = System.Text.Json.JsonSerializer.Serialize(Scenario.Message("big-1", "chat", new string('x', 4096), email: "big@example.com"));

        var response = await small.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }
}

public sealed class StorageDownTests
{
    [Fact]
    public async Task Storage_down_at_the_ack_is_503_never_a_4xx()
    {
        await using var hub = new HubFactory(AzuriteFixture.UnreachableConnectionString());

        var response = await hub.PostGenericAsync(Scenario.Message("down-1", "sms", "Anyone?", phone: "+14155550199"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Storage_down_on_an_api_read_is_503()
    {
        await using var hub = new HubFactory(AzuriteFixture.UnreachableConnectionString());

        var response = await hub.Api().GetAsync("/api/customers/cus_1");
        var health = await hub.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }
}
