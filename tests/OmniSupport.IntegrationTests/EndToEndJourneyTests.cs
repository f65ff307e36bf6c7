using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OmniSupport.TestUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// Issue 3's journey: an email, then an Intercom chat from a user with that email, then an X DM from a
/// handle an agent linked to her; one customer, one conversation; the agent's reply goes out on X.
/// The three inbound messages are posted as generic envelopes standing in for the SendGrid Inbound
/// Parse, Intercom and X Account Activity adapters (built in parallel); once those are merged, this
/// test should post their real-format payloads instead.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EndToEndJourneyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);
    private readonly WireMockServer _x = WireMockServer.Start();

    public Task InitializeAsync()
    {
        _hub.FastRetries();
        _hub.Settings["Channels:X:BearerToken"] = "x-support-user-token";
        _hub.Settings["Channels:X:ApiBaseUrl"] = _x.Urls[0];
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _x.Stop();
        _x.Dispose();
    }

    [Fact]
    public async Task Email_then_intercom_chat_then_x_dm_are_one_customer_and_one_conversation_and_the_reply_goes_out_on_x()
    {
        _x.Given(Request.Create().WithPath("/2/dm_conversations/with/1579305862357606400/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"data":{"dm_conversation_id":"1579305862357606400-1046223","dm_event_id":"1582838223935672320"}}"""));
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);

        // 1. Email (stand-in for SendGrid Inbound Parse).
        await _hub.PostAcceptedAsync(new
        {
            channel = "email", messageId = "<CAJ0mail1@mail.example.com>", sentAt = start,
            from = new { name = "Ana", email = "ana@example.com" }, subject = "Broken kettle", text = "My kettle arrived broken.",
        });
        var ana = await _hub.CustomerByAsync("email", "ana@example.com");
        await _hub.TimelineWithAsync(ana.Id, "<CAJ0mail1@mail.example.com>");

        // 2. Intercom chat from a user with that email (stand-in for the Intercom webhook).
        await _hub.PostAcceptedAsync(new
        {
            channel = "intercom", messageId = "intercom-part-4413", sentAt = start.AddMinutes(2),
            from = new { email = "Ana@Example.com", handles = new Dictionary<string, string> { ["intercom"] = "5bc8f7ae2d96695c18a" } },
            text = "Any news about the kettle?",
            metadata = new Dictionary<string, string> { ["intercom_conversation_id"] = "1911149811" },
        });
        await _hub.TimelineWithAsync(ana.Id, "intercom-part-4413");

        // 3. An agent links her X account, then she DMs (stand-in for the X Account Activity webhook).
        var link = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/customers/{ana.Id}/identities", new { kind = "x", value = "1579305862357606400" });
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        await _hub.PostAcceptedAsync(new
        {
            channel = "x", messageId = "x-dm-1582838223935672000", sentAt = start.AddMinutes(4),
            from = new { handles = new Dictionary<string, string> { ["x"] = "1579305862357606400" } },
            text = "DMing you as well, the kettle is still broken",
        });
        var timeline = await _hub.TimelineWithAsync(ana.Id, "<CAJ0mail1@mail.example.com>", "intercom-part-4413", "x-dm-1582838223935672000");

        var inbound = timeline.Events.Where(e => e.Direction == "inbound").ToList();
        Assert.Equal(3, inbound.Count);
        Assert.Single(inbound.Select(e => e.CustomerId).Distinct());
        var conversationId = Assert.Single(inbound.Select(e => e.ConversationId).Distinct())!;
        var conversation = await _hub.ConversationAsync(conversationId);
        Assert.Equal(["email", "intercom", "x"], conversation.Channels);
        Assert.Equal("x", conversation.LastInboundChannel);

        // The agent answers without naming a channel: it goes where she last wrote, X.
        var reply = await _hub.ReplyAsync(conversationId, new { text = "Sorry Ana, a new kettle ships today.", agent = "maria" });

        Assert.Equal("x", reply.Channel);
        var dm = await _x.RequestToAsync("/2/dm_conversations/with/1579305862357606400/messages");
        Assert.Equal("Bearer x-support-user-token", dm.Header("Authorization"));
        Assert.Equal("Sorry Ana, a new kettle ships today.", JsonDocument.Parse(dm.RequestMessage.Body!).RootElement.GetProperty("text").GetString());
        var sent = await _hub.OutboundEventAsync(reply, "sent");
        Assert.Equal(conversationId, sent.ConversationId);
        Assert.Equal("x", sent.Provider);
        Assert.Equal("1582838223935672320", sent.ProviderMessageId);
    }
}
