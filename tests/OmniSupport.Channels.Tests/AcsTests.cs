using System.Text;
using OmniSupport.Channels.Acs;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Tests;

public sealed class AcsTests
{
    private const string Secret = "acs-shared-secret";
    private readonly AcsEventGridAdapter _adapter = new(Kit.Monitor(new AcsOptions { WebhookSecret = Secret }), Kit.Normalizer);

    private static WebhookRequest Post(string fixtureOrBody, string secret = Secret, bool raw = false) =>
        Kit.Request("acs", "events", raw ? Encoding.UTF8.GetBytes(fixtureOrBody) : Kit.FixtureBytes(fixtureOrBody),
            query: new() { ["secret"] = secret });

    [Fact]
    public async Task The_subscription_validation_handshake_echoes_the_code()
    {
        var handshake = await Kit.HandshakeAsync(_adapter, Post("acs/subscription-validation.json"));

        Assert.Equal(200, handshake.StatusCode);
        Assert.Equal("application/json", handshake.ContentType);
        Assert.Equal("{\"validationResponse\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}", handshake.Body);
    }

    [Fact]
    public async Task An_sms_received_event_becomes_a_message_keyed_by_the_event_id()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Post("acs/sms-received.json"));

        var message = Assert.Single(items);
        Assert.Equal("Incoming_20200918002745d29ebbea-3341-4466-9690-0a03af35228e", message.ProviderMessageId);
        Assert.Equal(InboundKinds.Message, message.Kind);
        Assert.Equal("sms", message.Channel);
        Assert.Equal("Great to connect with ACS events", message.Text);
        Assert.Equal(new SenderIdentity("phone", "+14155550123"), Assert.Single(message.From));
        Assert.Equal(new DateTimeOffset(2020, 9, 18, 0, 27, 45, 320, TimeSpan.Zero), message.SentAt);
    }

    [Fact]
    public async Task A_delivery_report_becomes_a_delivery_status_of_the_sent_message()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Post("acs/delivery-report.json"));

        var status = Assert.Single(items);
        Assert.Equal(InboundKinds.DeliveryStatus, status.Kind);
        Assert.Equal("Outgoing_202009180022138813a09b-0cbf-4304-9b03-1546683bb910", status.RelatedProviderMessageId);
        Assert.Equal("delivered", status.Status);
        Assert.Equal("No error.", status.Metadata["delivery_status_details"]);
    }

    [Fact]
    public async Task A_wrong_or_missing_secret_is_401_even_for_the_handshake()
    {
        await Kit.RejectedAsync(_adapter, Post("acs/sms-received.json", secret: "guess"), 401);
        await Kit.RejectedAsync(_adapter, Kit.Request("acs", "events", Kit.FixtureBytes("acs/subscription-validation.json")), 401);
    }

    [Fact]
    public async Task A_body_that_is_not_event_grid_json_is_400()
    {
        await Kit.RejectedAsync(_adapter, Post("[{\"id\":", raw: true), 400);
        await Kit.RejectedAsync(_adapter, Post("[{\"id\":\"1\",\"eventType\":\"Microsoft.Communication.SMSReceived\"}]", raw: true), 400);
    }

    [Fact]
    public async Task Other_event_types_are_acknowledged_and_dropped()
    {
        var body = "[{\"id\":\"e1\",\"eventType\":\"Microsoft.Communication.ChatMessageReceived\",\"data\":{},\"eventTime\":\"2024-01-01T00:00:00Z\"}]";

        var (_, items) = await Kit.AcceptedAsync(_adapter, Post(body, raw: true));

        Assert.Empty(items);
    }
}
