using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Intercom;
using OmniSupport.Channels.X;
using OmniSupport.TestUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// Issue 3's journey on the real Server and Azurite, with the payloads the providers send: an email
/// through SendGrid Inbound Parse from ana@example.com, an Intercom chat from a user with that email,
/// an X DM from a handle an agent linked to her; one customer, one conversation; the agent's reply
/// goes out on X (WireMock.Net standing in for the X API).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EndToEndJourneyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ParseSecret = "e2e-parse-secret";
    private const string IntercomSecret = "e2e-intercom-secret";
    private const string XSecret = "e2e-x-consumer-secret";
    private const string AnaOnX = "9876543210"; // sender_id in Fixtures/x/direct-message.json

    private readonly HubFactory _hub = new(azurite.ConnectionString);
    private readonly WireMockServer _x = WireMockServer.Start();

    public Task InitializeAsync()
    {
        _hub.FastRetries();
        _hub.Settings["Channels:SendGrid:InboundSecret"] = ParseSecret;
        _hub.Settings["Channels:SendGrid:InboundDomain"] = "reply.example.com";
        _hub.Settings["Channels:Intercom:ClientSecret"] = IntercomSecret;
        _hub.Settings["Channels:X:ConsumerSecret"] = XSecret;
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
        _x.Given(Request.Create().WithPath($"/2/dm_conversations/with/{AnaOnX}/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"data":{"dm_conversation_id":"3001969357-9876543210","dm_event_id":"1582838223935672320"}}"""));
        var now = DateTimeOffset.UtcNow;

        // 1. Email through SendGrid Inbound Parse.
        var parse = await PostAsync("/api/webhooks/sendgrid/inbound/" + ParseSecret, Encoding.UTF8.GetBytes(InboundParse(now.AddMinutes(-10))),
            "multipart/form-data; boundary=xYzZY");
        Assert.True(parse.IsSuccessStatusCode, $"Inbound Parse answered {parse.StatusCode}");
        var ana = await _hub.CustomerByAsync("email", "ana@example.com");
        await _hub.TimelineWithAsync(ana.Id, "kettle-1@mail.example.com");

        // 2. Intercom chat from a user with that email (Fixtures/intercom/conversation-user-created.json, times moved to now).
        var intercom = Encoding.UTF8.GetBytes(Fixture("intercom/conversation-user-created.json")
            .Replace("1596634805", now.AddMinutes(-5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("1596634806", now.AddMinutes(-5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var chat = await PostAsync("/api/webhooks/intercom", intercom, "application/json",
            (IntercomWebhookAdapter.SignatureHeader, "sha1=" + Convert.ToHexStringLower(Hmac.Sha1(IntercomSecret, intercom))));
        Assert.True(chat.IsSuccessStatusCode, $"Intercom webhook answered {chat.StatusCode}");
        await _hub.TimelineWithAsync(ana.Id, "notif_4e3504a3-ba3f-46dc-ab48-8e4d5bdfdf4e");

        // 3. An agent links her X account; then her DM arrives through the Account Activity webhook (Fixtures/x/direct-message.json).
        var link = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/customers/{ana.Id}/identities", new { kind = "x", value = AnaOnX });
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        var dmEvent = Encoding.UTF8.GetBytes(Fixture("x/direct-message.json")
            .Replace("1516403560557", now.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var dm = await PostAsync("/api/webhooks/x", dmEvent, "application/json",
            (XWebhookAdapter.SignatureHeader, "sha256=" + Convert.ToBase64String(Hmac.Sha256(XSecret, dmEvent))));
        Assert.True(dm.IsSuccessStatusCode, $"X webhook answered {dm.StatusCode}");
        var timeline = await _hub.TimelineWithAsync(ana.Id, "kettle-1@mail.example.com", "notif_4e3504a3-ba3f-46dc-ab48-8e4d5bdfdf4e", "954491830116155396");

        var inbound = timeline.Events.Where(e => e.Direction == "inbound").ToList();
        Assert.Equal(3, inbound.Count);
        Assert.Single(inbound.Select(e => e.CustomerId).Distinct());
        var conversationId = Assert.Single(inbound.Select(e => e.ConversationId).Distinct())!;
        var conversation = await _hub.ConversationAsync(conversationId);
        Assert.Equal(["email", "chat", "x"], conversation.Channels);
        Assert.Equal("x", conversation.LastInboundChannel);

        // The agent answers without naming a channel: it goes where she last wrote, X.
        var reply = await _hub.ReplyAsync(conversationId, new { text = "Sorry Ana, a new kettle ships today.", agent = "maria" });

        Assert.Equal("x", reply.Channel);
        var sentDm = await _x.RequestToAsync($"/2/dm_conversations/with/{AnaOnX}/messages");
        Assert.Equal("Bearer x-support-user-token", sentDm.Header("Authorization"));
        Assert.Equal("Sorry Ana, a new kettle ships today.", JsonDocument.Parse(sentDm.RequestMessage.Body!).RootElement.GetProperty("text").GetString());
        var sent = await _hub.OutboundEventAsync(reply, "sent");
        Assert.Equal(conversationId, sent.ConversationId);
        Assert.Equal(("x", "1582838223935672320"), (sent.Provider, sent.ProviderMessageId));

        // Answering her chat goes to Intercom, into the Intercom conversation she wrote in (no Intercom token here: the outbox).
        var chatReply = await _hub.ReplyAsync(conversationId, new { text = "Also answered in the chat.", agent = "maria", channel = "chat" });
        await _hub.OutboundEventAsync(chatReply, "sent");
        var outbox = await (await _hub.Api().GetAsync("/api/admin/outbox")).ReadAsync<List<OutboxEntryDto>>();
        var toIntercom = Assert.Single(outbox, e => e.OutboundId == chatReply.OutboundId);
        Assert.Equal(("intercom", "5ee3d479d1cf3dedbee23d68", "147"), (toIntercom.Channel, toIntercom.To, toIntercom.Metadata["intercom_conversation_id"]));
    }

    private static string Fixture(string path) =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "tests", "OmniSupport.Channels.Tests", "Fixtures", path));

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return _hub.CreateClient().SendAsync(request);
    }

    /// <summary>
    /// An Inbound Parse post in SendGrid's default (parsed) mode: multipart/form-data with headers, to,
    /// from, subject, text, envelope, charsets, SPF… (https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook;
    /// the shape of Fixtures/sendgrid/parse-parsed.multipart).
    /// </summary>
    private static string InboundParse(DateTimeOffset date)
    {
        const string to = "support@reply.example.com";
        var headers = "MIME-Version: 1.0\r\nFrom: Ana Silva <ana@example.com>\r\n"
            + $"Date: {date.ToString("r", CultureInfo.InvariantCulture)}\r\nMessage-ID: <kettle-1@mail.example.com>\r\n"
            + $"Subject: Broken kettle\r\nTo: {to}\r\nContent-Type: text/plain; charset=UTF-8\r\n";
        var fields = new (string Name, string Value)[]
        {
            ("headers", headers), ("dkim", "{@example.com : pass}"), ("to", to), ("from", "Ana Silva <ana@example.com>"),
            ("text", "My kettle arrived broken.\r\n"), ("sender_ip", "203.0.113.5"),
            ("envelope", $"{{\"to\":[\"{to}\"],\"from\":\"ana@example.com\"}}"), ("attachments", "0"), ("subject", "Broken kettle"),
            ("charsets", "{\"to\":\"UTF-8\",\"subject\":\"UTF-8\",\"from\":\"UTF-8\",\"text\":\"UTF-8\"}"), ("SPF", "pass"),
        };
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            body.Append("--xYzZY\r\nContent-Disposition: form-data; name=\"").Append(name).Append("\"\r\n\r\n").Append(value).Append("\r\n");
        }

        return body.Append("--xYzZY--\r\n").ToString();
    }
}
