using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Intercom;
using OmniSupport.Channels.Meta;
using OmniSupport.Channels.SendGrid;
using OmniSupport.Channels.Twilio;
using OmniSupport.Channels.X;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// The provider webhooks through the real Server on Azurite, with the payloads each provider documents
/// (the fixtures' sources are listed in tests/OmniSupport.Channels.Tests/Fixtures).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InboundChannelsTests : IAsyncLifetime, IDisposable
{
    private const string TwilioToken = "it-twilio-token";
    private const string AcsSecret = "it-acs-secret";
    private const string ParseSecret = "it-parse-secret";
    private const string IntercomSecret = "it-intercom-secret";
    private const string XSecret = "it-x-secret";
    private const string MetaSecret = "it-meta-secret";
    private const string MetaVerify = "it-meta-verify";
    private const string BotSecret = "it-bot-secret";
    private const string InboundDomain = "reply.example.com";

    private readonly ECDsa _sendGridKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly HubFactory _hub;

    public InboundChannelsTests(AzuriteFixture azurite)
    {
        _hub = new HubFactory(azurite.ConnectionString);
        _hub.Settings["Channels:Twilio:AuthToken"] = TwilioToken;
        _hub.Settings["Channels:Acs:WebhookSecret"] = AcsSecret;
        _hub.Settings["Channels:SendGrid:InboundSecret"] = ParseSecret;
        _hub.Settings["Channels:SendGrid:InboundDomain"] = InboundDomain;
        _hub.Settings["Channels:SendGrid:EventWebhookPublicKey"] = Convert.ToBase64String(_sendGridKey.ExportSubjectPublicKeyInfo());
        _hub.Settings["Channels:Intercom:ClientSecret"] = IntercomSecret;
        _hub.Settings["Channels:X:ConsumerSecret"] = XSecret;
        _hub.Settings["Channels:Meta:AppSecret"] = MetaSecret;
        _hub.Settings["Channels:Meta:VerifyToken"] = MetaVerify;
        _hub.Settings["Channels:Bots:Secrets:generic"] = BotSecret;
    }

    public async Task InitializeAsync()
    {
        _hub.CreateClient(); // start the host: its storage initializer creates the queues
        await Eventually.GetAsync(async () => (await _hub.Queue("inbound").ExistsAsync()).Value ? "created" : null);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose() => _sendGridKey.Dispose();

    [Fact]
    public async Task A_twilio_sms_signed_over_the_public_url_reaches_the_timeline_and_is_answered_with_twiml()
    {
        var response = await PostTwilioAsync("sms", Sms("SMit0001", "+14155550101", "Where is order 77?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response>", await response.Content.ReadAsStringAsync());
        var customer = await _hub.CustomerByAsync("phone", "+14155550101");
        var timeline = await _hub.TimelineWithAsync(customer.Id, "SMit0001");
        var sms = Assert.Single(timeline.Events, e => e.ProviderMessageId == "SMit0001");
        Assert.Equal(("sms", "twilio", "Where is order 77?"), (sms.Channel, sms.Provider, sms.Text));
    }

    [Fact]
    public async Task A_completed_outbound_call_lands_on_the_customers_timeline_as_a_voice_event()
    {
        await PostTwilioAsync("sms", Sms("SMit0002", "+14155550102", "Please call me"));
        var customer = await _hub.CustomerByAsync("phone", "+14155550102");
        var first = await _hub.TimelineWithAsync(customer.Id, "SMit0002");
        var conversationId = first.Events.Single(e => e.ProviderMessageId == "SMit0002").ConversationId;

        var response = await PostTwilioAsync("voice", Form(
            ("CallSid", "CAit0002"), ("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"), ("From", "+15005550006"), ("To", "+14155550102"),
            ("Direction", "outbound-api"), ("CallStatus", "completed"), ("CallDuration", "125"), ("ApiVersion", "2010-04-01"),
            ("Timestamp", "Tue, 10 Jan 2023 18:07:24 +0000"), ("CallbackSource", "call-progress-events"), ("SequenceNumber", "3")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timeline = await _hub.TimelineWithAsync(customer.Id, "CAit0002:completed");
        var call = Assert.Single(timeline.Events, e => e.ProviderMessageId == "CAit0002:completed");
        Assert.Equal(("voice", "outbound", conversationId), (call.Channel, call.Direction, call.ConversationId));
        Assert.Equal("Outbound call completed (2m 05s)", call.Text);
        Assert.Equal(("completed", "125"), (call.Metadata["call_status"], call.Metadata["duration_seconds"]));
    }

    [Fact]
    public async Task An_acs_sms_through_event_grid_reaches_the_timeline_after_the_validation_handshake()
    {
        var validation = await _hub.CreateClient().PostAsync($"/api/webhooks/acs/events?secret={AcsSecret}", Json(
            "[{\"id\":\"v1\",\"topic\":\"t\",\"subject\":\"\",\"data\":{\"validationCode\":\"code-42\"},\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"metadataVersion\":\"1\",\"dataVersion\":\"1\"}]"));
        Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
        Assert.Equal("code-42", (await validation.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["validationResponse"]);

        var response = await _hub.CreateClient().PostAsync($"/api/webhooks/acs/events?secret={AcsSecret}", Json(
            "[{\"id\":\"Incoming_it-1\",\"topic\":\"/subscriptions/x\",\"subject\":\"/phonenumber/15555555555\",\"data\":{\"messageId\":\"Incoming_it-1\",\"from\":\"14155550103\",\"to\":\"15555555555\",\"message\":\"Hi from ACS\",\"receivedTimestamp\":\"2024-05-01T10:00:00Z\",\"segmentCount\":1},\"eventType\":\"Microsoft.Communication.SMSReceived\",\"dataVersion\":\"1.0\",\"metadataVersion\":\"1\",\"eventTime\":\"2024-05-01T10:00:01Z\"}]"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var customer = await _hub.CustomerByAsync("phone", "+14155550103");
        var timeline = await _hub.TimelineWithAsync(customer.Id, "Incoming_it-1");
        Assert.Equal("Hi from ACS", timeline.Events.Single(e => e.ProviderMessageId == "Incoming_it-1").Text);
    }

    [Fact]
    public async Task A_cloudevents_event_grid_subscription_is_validated_by_options_and_other_providers_answer_options_405()
    {
        var handshake = new HttpRequestMessage(HttpMethod.Options, $"/api/webhooks/acs/events?secret={AcsSecret}");
        handshake.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        var allowed = await _hub.CreateClient().SendAsync(handshake);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("eventgrid.azure.net", allowed.Headers.GetValues("WebHook-Allowed-Origin").Single());

        var twilio = await _hub.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/webhooks/twilio/sms"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, twilio.StatusCode);
        Assert.Equal("application/problem+json", twilio.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Intercom_x_and_whatsapp_messages_reach_the_timeline()
    {
        var intercom = Encoding.UTF8.GetBytes(Fixture("intercom/conversation-user-created.json").Replace("ana@example.com", "it-intercom@example.com", StringComparison.Ordinal));
        var x = Encoding.UTF8.GetBytes(Fixture("x/direct-message.json"));
        var whatsapp = Encoding.UTF8.GetBytes(Fixture("meta/whatsapp-message.json"));

        await _hub.PostAcceptedAsync(Scenario.Message("x-link", "chat", "hello", email: "it-x@example.com", handles: new() { ["x"] = "9876543210" }));
        await _hub.TimelineWithAsync((await _hub.CustomerByAsync("email", "it-x@example.com")).Id, "x-link");

        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync("/api/webhooks/intercom", intercom, IntercomWebhookAdapter.SignatureHeader,
            "sha1=" + Convert.ToHexStringLower(Hmac.Sha1(IntercomSecret, intercom)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync("/api/webhooks/x", x, XWebhookAdapter.SignatureHeader,
            "sha256=" + Convert.ToBase64String(Hmac.Sha256(XSecret, x)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync("/api/webhooks/meta", whatsapp, MetaWebhookAdapter.SignatureHeader,
            "sha256=" + Convert.ToHexStringLower(Hmac.Sha256(MetaSecret, whatsapp)))).StatusCode);

        var byIntercom = await _hub.CustomerByAsync("email", "it-intercom@example.com");
        var chat = (await _hub.TimelineWithAsync(byIntercom.Id, "notif_4e3504a3-ba3f-46dc-ab48-8e4d5bdfdf4e")).Events[0];
        Assert.Equal(("chat", "147"), (chat.Channel, chat.Metadata["intercom_conversation_id"]));
        var byX = await _hub.CustomerByAsync("email", "it-x@example.com"); // the X handle was linked to her before the DM
        await _hub.TimelineWithAsync(byX.Id, "954491830116155396");
        var byWhatsApp = await _hub.CustomerByAsync("phone", "+16505551234");
        var wa = await _hub.TimelineWithAsync(byWhatsApp.Id, "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
        Assert.Equal("whatsapp", wa.Events[0].Channel);
        Assert.Contains(byWhatsApp.Identities, i => i is { Kind: "whatsapp", Value: "16505551234" });
    }

    [Fact]
    public async Task A_whatsapp_user_with_a_username_is_one_customer_by_business_scoped_user_id_and_is_answered_there()
    {
        var body = Encoding.UTF8.GetBytes(Fixture("meta/whatsapp-usernames.json"));

        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync("/api/webhooks/meta", body, MetaWebhookAdapter.SignatureHeader,
            "sha256=" + Convert.ToHexStringLower(Hmac.Sha256(MetaSecret, body)))).StatusCode);

        var maria = await _hub.CustomerByAsync("whatsapp_user", "BR.1502576394655843");
        var conversationId = (await _hub.TimelineWithAsync(maria.Id, "wamid.USERNAME01")).Events[0].ConversationId!;
        Assert.Equal("Maria Lopez", maria.DisplayName);
        var reply = await _hub.ReplyAsync(conversationId, new { text = "It arrives tomorrow.", agent = "li" });
        Assert.Equal("whatsapp", reply.Channel);
        await _hub.OutboundEventAsync(reply, "sent");
        var outbox = await (await _hub.Api().GetAsync("/api/admin/outbox")).ReadAsync<List<OutboxEntryDto>>();
        Assert.Equal("BR.1502576394655843", Assert.Single(outbox, e => e.OutboundId == reply.OutboundId).To);
    }

    [Fact]
    public async Task A_whatsapp_reaction_is_on_the_timeline_but_neither_waits_for_an_answer_nor_reopens_a_resolved_conversation()
    {
        const string Phone = "16505550142";
        await PostMetaAsync(WhatsApp(Phone, """{"id":"wamid.ASK01","timestamp":"1749416383","type":"text","text":{"body":"Is the blue one back?"}}"""));
        var customer = await _hub.CustomerByAsync("phone", "+" + Phone);
        var conversationId = (await _hub.TimelineWithAsync(customer.Id, "wamid.ASK01")).Events[0].ConversationId!;

        await PostMetaAsync(WhatsApp(Phone, """{"id":"wamid.LIKE01","timestamp":"1749416400","type":"reaction","reaction":{"message_id":"wamid.OURS01","emoji":"👍"}}"""));
        var like = (await _hub.TimelineWithAsync(customer.Id, "wamid.LIKE01")).Events.Single(e => e.ProviderMessageId == "wamid.LIKE01");
        Assert.Equal((conversationId, "reaction", "wamid.OURS01", "👍"), (like.ConversationId, like.Metadata["kind"], like.Metadata["reaction_to"], like.Text));
        var beforeResolve = await _hub.Api().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/conversations/{conversationId}");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1749416383), beforeResolve.GetProperty("lastInboundAt").GetDateTimeOffset());

        Assert.True((await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{conversationId}/resolve", new { code = "refund-issued", recollected = false })).IsSuccessStatusCode);
        await PostMetaAsync(WhatsApp(Phone, """{"id":"wamid.LIKE02","timestamp":"1749416500","type":"reaction","reaction":{"message_id":"wamid.OURS02","emoji":"🙏"}}"""));
        var thanks = (await _hub.TimelineWithAsync(customer.Id, "wamid.LIKE02")).Events.Single(e => e.ProviderMessageId == "wamid.LIKE02");
        Assert.Null(thanks.ConversationId);
        Assert.Equal("resolved", (await _hub.ConversationAsync(conversationId)).Status);
    }

    /// <summary>A WhatsApp messages webhook with one message (its JSON without <c>from</c>) from the number.</summary>
    private static byte[] WhatsApp(string from, string message)
    {
        var sent = $$"""{"from":"{{from}}",""" + message[1..];
        return Encoding.UTF8.GetBytes(
            $$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Lee"},"wa_id":"{{from}}"}],"messages":[""" + sent + "]}}]}]}");
    }

    private async Task PostMetaAsync(byte[] body) =>
        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync("/api/webhooks/meta", body, MetaWebhookAdapter.SignatureHeader,
            "sha256=" + Convert.ToHexStringLower(Hmac.Sha256(MetaSecret, body)))).StatusCode);

    [Fact]
    public async Task X_crc_and_meta_hub_challenge_are_answered_in_place()
    {
        var crc = await _hub.CreateClient().GetAsync("/api/webhooks/x?crc_token=abc123");
        var meta = await _hub.CreateClient().GetAsync($"/api/webhooks/meta?hub.mode=subscribe&hub.verify_token={MetaVerify}&hub.challenge=987654");
        var metaWrong = await _hub.CreateClient().GetAsync("/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=987654");

        Assert.Equal(HttpStatusCode.OK, crc.StatusCode);
        Assert.Equal(XWebhookAdapter.CrcResponse(XSecret, "abc123"), (await crc.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["response_token"]);
        Assert.Equal("987654", await meta.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, metaWrong.StatusCode);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task Every_provider_refuses_a_wrong_signature_with_401_and_enqueues_nothing()
    {
        var form = Encoding.UTF8.GetBytes(Sms("SMbad", "+14155550109", "forged"));
        var json = Encoding.UTF8.GetBytes("{\"object\":\"page\",\"entry\":[]}");
        var client = _hub.CreateClient();
        var responses = new List<(string Name, HttpResponseMessage Response)>
        {
            ("twilio", await PostSignedAsync("/api/webhooks/twilio/sms", form, TwilioSignature.Header, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "application/x-www-form-urlencoded")),
            ("acs", await client.PostAsync("/api/webhooks/acs/events?secret=guess", Json(Fixture("acs/sms-received.json")))),
            ("sendgrid inbound", await PostParseAsync(Email("bad@example.com", "bad-1@example.com"), "inbound/guess")),
            ("sendgrid events", await PostSendGridEventsAsync(Encoding.UTF8.GetBytes(Fixture("sendgrid/events.json")), DateTimeOffset.UtcNow, ECDsa.Create(ECCurve.NamedCurves.nistP256))),
            ("intercom", await PostSignedAsync("/api/webhooks/intercom", json, IntercomWebhookAdapter.SignatureHeader, "sha1=00")),
            ("x", await PostSignedAsync("/api/webhooks/x", json, XWebhookAdapter.SignatureHeader, "sha256=AAAA")),
            ("meta", await PostSignedAsync("/api/webhooks/meta", json, MetaWebhookAdapter.SignatureHeader, "sha256=00")),
            ("bots", await PostSignedAsync("/api/webhooks/bots/generic", Encoding.UTF8.GetBytes(Fixture("bots/generic.json")), "Authorization", "Bearer guess")),
        };

        Assert.All(responses, r => Assert.True(r.Response.StatusCode == HttpStatusCode.Unauthorized, $"{r.Name}: {r.Response.StatusCode}"));
        Assert.All(responses, r => Assert.Equal("application/problem+json", r.Response.Content.Headers.ContentType?.MediaType));
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task Stale_sendgrid_events_are_401_and_malformed_bodies_are_400_with_nothing_enqueued()
    {
        var stale = await PostSendGridEventsAsync(Encoding.UTF8.GetBytes(Fixture("sendgrid/events.json")), DateTimeOffset.UtcNow.AddMinutes(-30));
        var malformedEvents = await PostSendGridEventsAsync(Encoding.UTF8.GetBytes("{\"not\":\"an array\"}"), DateTimeOffset.UtcNow);
        var malformedBot = await PostSignedAsync("/api/webhooks/bots/generic", Encoding.UTF8.GetBytes("{\"sessionId\":"), "Authorization", "Bearer " + BotSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformedEvents.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformedBot.StatusCode);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task An_email_reply_threads_by_in_reply_to_and_by_reply_token_before_the_customers_open_conversation()
    {
        // Two customers, each with an open conversation: one by SMS, one by email.
        await PostTwilioAsync("sms", Sms("SMthread1", "+14155550104", "Order 5 is late"));
        var bySms = await _hub.CustomerByAsync("phone", "+14155550104");
        var smsConversation = (await _hub.TimelineWithAsync(bySms.Id, "SMthread1")).Events.Single(e => e.ProviderMessageId == "SMthread1").ConversationId;
        Assert.Equal(HttpStatusCode.OK, (await PostParseAsync(Email("thread@example.com", "first-1@mail.example.com", subject: "Invoice question"))).StatusCode);
        var byEmail = await _hub.CustomerByAsync("email", "thread@example.com");
        var emailConversation = (await _hub.TimelineWithAsync(byEmail.Id, "first-1@mail.example.com")).Events.Single().ConversationId;
        Assert.NotEqual(smsConversation, emailConversation);

        // A message with both identities merges them: the SMS customer (older) survives and its open conversation
        // is the default for new messages; the email conversation stays open under the merged-away profile.
        await _hub.PostAcceptedAsync(Scenario.Message("link-1", "chat", "It's me on both", email: "thread@example.com", phone: "+14155550104"));
        await Eventually.GetAsync(async () => (await _hub.CustomerByAsync("email", "thread@example.com")).Id == bySms.Id ? "merged" : null, because: "the merge");

        await PostParseAsync(Email("thread@example.com", "reply-2@mail.example.com", inReplyTo: "first-1@mail.example.com"));
        await PostParseAsync(Email("thread@example.com", "reply-3@mail.example.com", to: ReplyAddress.For(emailConversation!, InboundDomain)));
        await PostParseAsync(Email("thread@example.com", "plain-4@mail.example.com"));
        var timeline = await _hub.TimelineWithAsync(bySms.Id, "reply-2@mail.example.com", "reply-3@mail.example.com", "plain-4@mail.example.com");

        Assert.Equal(emailConversation, timeline.Events.Single(e => e.ProviderMessageId == "reply-2@mail.example.com").ConversationId);
        Assert.Equal(emailConversation, timeline.Events.Single(e => e.ProviderMessageId == "reply-3@mail.example.com").ConversationId);
        Assert.Equal(smsConversation, timeline.Events.Single(e => e.ProviderMessageId == "plain-4@mail.example.com").ConversationId);
    }

    [Fact]
    public async Task The_same_email_delivered_twice_is_one_timeline_event()
    {
        var email = Email("twice@example.com", "twice-1@mail.example.com");
        Assert.Equal(HttpStatusCode.OK, (await PostParseAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostParseAsync(email)).StatusCode);
        var customer = await _hub.CustomerByAsync("email", "twice@example.com");
        await _hub.TimelineWithAsync(customer.Id, "twice-1@mail.example.com");
        await Eventually.GetAsync(async () => await _hub.CountAsync("inbound") == 0 ? "drained" : null, because: "both deliveries to be processed");

        Assert.Single((await _hub.TimelineAsync(customer.Id)).Events, e => e.ProviderMessageId == "twice-1@mail.example.com");
    }

    [Fact]
    public async Task A_bot_handoff_sets_the_conversations_handoff_context_and_puts_the_card_on_the_timeline()
    {
        var body = Encoding.UTF8.GetBytes(Fixture("bots/generic.json").Replace("ana@example.com", "handoff@example.com", StringComparison.Ordinal));

        var response = await PostSignedAsync("/api/webhooks/bots/generic", body, "Authorization", "Bearer " + BotSecret);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var customer = await _hub.CustomerByAsync("email", "handoff@example.com");
        var card = (await _hub.TimelineWithAsync(customer.Id, "web-bot-42:5")).Events.Single(e => e.ProviderMessageId == "web-bot-42:5");
        Assert.Equal(("handoff", "billing.dispute", "0.41"), (card.Metadata["kind"], card.Metadata["handoff_intent"], card.Metadata["handoff_confidence"]));
        Assert.Contains("INV-2024-0042", card.Metadata["handoff_slots"]);
        var conversation = await _hub.Api().GetFromJsonAsync<HandoffConversationDto>($"/api/conversations/{card.ConversationId}");
        var handoff = conversation!.Handoff!;
        Assert.Equal(("generic", "web-bot-42", "billing.dispute"), (handoff.Platform, handoff.SessionId, handoff.Intent));
        Assert.Equal(["invoice lookup", "explained charges"], handoff.StepsAttempted);
        Assert.Equal("129.90", handoff.Slots["amount"]);
        Assert.Equal(3, handoff.Transcript.Count);
    }

    [Fact]
    public async Task Signed_sendgrid_delivery_events_are_accepted_and_never_become_customers()
    {
        var response = await PostSendGridEventsAsync(Encoding.UTF8.GetBytes(Fixture("sendgrid/events.json")), DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.GetAsync(async () => await _hub.CountAsync("inbound") == 0 ? "drained" : null, because: "the events to be processed");
        Assert.Equal(HttpStatusCode.NotFound, (await _hub.Api().GetAsync("/api/customers?email=bob%40example.com")).StatusCode);
        Assert.Equal(0, await _hub.CountAsync("inbound-poison"));
    }

    // ---- requests as the providers send them ----

    private static string Fixture(string path) =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "tests", "OmniSupport.Channels.Tests", "Fixtures", path));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));

    /// <summary>An incoming-message webhook body as Twilio posts it (https://www.twilio.com/docs/messaging/guides/webhook-request).</summary>
    private static string Sms(string sid, string from, string body) => Form(
        ("ToCountry", "US"), ("SmsMessageSid", sid), ("NumMedia", "0"), ("SmsSid", sid), ("SmsStatus", "received"), ("Body", body),
        ("To", "+15005550006"), ("NumSegments", "1"), ("MessageSid", sid), ("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
        ("From", from), ("ApiVersion", "2010-04-01"));

    private Task<HttpResponseMessage> PostTwilioAsync(string kind, string form)
    {
        var url = $"https://hub.example.com/api/webhooks/twilio/{kind}"; // Api:PublicBaseUrl + the path Twilio calls
        var bytes = Encoding.UTF8.GetBytes(form);
        var signature = TwilioTestSigner.Sign(TwilioToken, url, FormBody.Parse(bytes).Pairs);
        return PostSignedAsync($"/api/webhooks/twilio/{kind}", bytes, TwilioSignature.Header, signature, "application/x-www-form-urlencoded");
    }

    private Task<HttpResponseMessage> PostSignedAsync(string path, byte[] body, string header, string value, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation(header, value);
        return _hub.CreateClient().SendAsync(request);
    }

    private Task<HttpResponseMessage> PostSendGridEventsAsync(byte[] body, DateTimeOffset at, ECDsa? key = null)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = (key ?? _sendGridKey).SignData(EventWebhookSignature.Signed(timestamp, body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.Add(EventWebhookSignature.SignatureHeader, Convert.ToBase64String(signature));
        request.Headers.Add(EventWebhookSignature.TimestampHeader, timestamp);
        return _hub.CreateClient().SendAsync(request);
    }

    private Task<HttpResponseMessage> PostParseAsync(string multipart, string path = "inbound/" + ParseSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid/" + path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(multipart)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xYzZY");
        return _hub.CreateClient().SendAsync(request);
    }

    /// <summary>An Inbound Parse post in SendGrid's default (parsed) mode, as in Fixtures/sendgrid/parse-parsed.multipart.</summary>
    private static string Email(string from, string messageId, string? inReplyTo = null, string to = "support@" + InboundDomain, string subject = "Re: your order")
    {
        var headers = $"MIME-Version: 1.0\r\nFrom: Customer <{from}>\r\nDate: Thu, 02 Jan 2025 11:00:00 +0000\r\nMessage-ID: <{messageId}>\r\n"
            + (inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n")
            + $"Subject: {subject}\r\nTo: {to}\r\nContent-Type: text/plain; charset=UTF-8\r\n";
        var fields = new (string Name, string Value)[]
        {
            ("headers", headers), ("dkim", "{@example.com : pass}"), ("to", to), ("from", $"Customer <{from}>"),
            ("text", $"Message {messageId}\r\n"), ("sender_ip", "203.0.113.5"),
            ("envelope", $"{{\"to\":[\"{to}\"],\"from\":\"{from}\"}}"), ("attachments", "0"), ("subject", subject),
            ("charsets", "{\"to\":\"UTF-8\",\"subject\":\"UTF-8\",\"from\":\"UTF-8\",\"text\":\"UTF-8\"}"), ("SPF", "pass"),
        };
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            body.Append("--xYzZY\r\nContent-Disposition: form-data; name=\"").Append(name).Append("\"\r\n\r\n").Append(value).Append("\r\n");
        }

        return body.Append("--xYzZY--\r\n").ToString();
    }

    private sealed record HandoffDto(string Platform, string? SessionId, string? Intent, double? Confidence, Dictionary<string, string> Slots,
        List<string> StepsAttempted, List<string> Transcript);

    private sealed record HandoffConversationDto(string Id, HandoffDto? Handoff);
}
