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
    public async Task A_cloudevents_subscription_is_validated_by_allowing_the_origin_event_grid_names_in_its_options_request()
    {
        WebhookRequest Options(string secret, string? origin) => Kit.Request("acs", "events", [], contentType: null, method: "OPTIONS",
            query: new() { ["secret"] = secret }, headers: origin is null ? [] : new() { [AcsEventGridAdapter.RequestOriginHeader] = origin });

        var handshake = await Kit.HandshakeAsync(_adapter, Options(Secret, "eventgrid.azure.net"));

        Assert.Equal(200, handshake.StatusCode);
        Assert.Equal("eventgrid.azure.net", handshake.Headers[AcsEventGridAdapter.AllowedOriginHeader]);
        await Kit.RejectedAsync(_adapter, Options("wrong", "eventgrid.azure.net"), 401); // nobody else gets an origin allowed
        await Kit.RejectedAsync(_adapter, Options(Secret, null), 400);
    }

    [Fact]
    public async Task An_options_request_to_a_provider_that_has_no_such_handshake_is_405()
    {
        var twilio = Kit.Request("twilio", "sms", [], contentType: null, method: "OPTIONS");

        var rejected = await Kit.RejectedAsync(new PostOnly(), twilio, 405);

        Assert.Contains("OPTIONS", rejected.Detail, StringComparison.Ordinal);
    }

    /// <summary>An adapter without an OPTIONS handshake (the default); it must never be asked.</summary>
    private sealed class PostOnly : IWebhookAdapter
    {
        public string Provider => "twilio";

        public AdapterResult Accept(WebhookRequest request) => throw new InvalidOperationException("OPTIONS reached an adapter that does not take it.");
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

    [Fact]
    public async Task A_cloudevents_schema_sms_received_becomes_a_message_keyed_by_the_event_id()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Post("acs/sms-received-cloudevents.json"));

        var message = Assert.Single(items);
        Assert.Equal("Incoming_20240311093015a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d", message.ProviderMessageId);
        Assert.Equal("Is my parcel still at the depot?", message.Text);
        Assert.Equal(new SenderIdentity("phone", "+14155550123"), Assert.Single(message.From));
        Assert.Equal(new DateTimeOffset(2024, 3, 11, 9, 30, 15, 872, TimeSpan.Zero), message.SentAt);
    }

    [Fact]
    public async Task A_failed_delivery_report_names_its_reason_and_attempts()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Post("acs/delivery-report-failed.json"));

        var status = Assert.Single(items);
        Assert.Equal("failed", status.Status);
        Assert.Equal("The message was rejected by the carrier.", status.Metadata["reason"]);
        Assert.Equal("0/1,0/1", status.Metadata["delivery_attempts"]);
    }

    [Fact]
    public async Task A_delivered_report_has_no_failure_reason()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Post("acs/delivery-report.json"));

        Assert.False(Assert.Single(items).Metadata.ContainsKey("reason"));
    }

    [Fact]
    public async Task Another_event_type_without_a_data_object_does_not_refuse_the_sms_in_its_batch()
    {
        var sms = Kit.Fixture("acs/sms-received.json").Trim().TrimStart('[').TrimEnd(']');
        var body = "[{\"id\":\"e1\",\"eventType\":\"Microsoft.Communication.RecordingFileStatusUpdated\",\"eventTime\":\"2024-01-01T00:00:00Z\"}," + sms + "]";

        var (_, items) = await Kit.AcceptedAsync(_adapter, Post(body, raw: true));

        Assert.Equal("Incoming_20200918002745d29ebbea-3341-4466-9690-0a03af35228e", Assert.Single(items).ProviderMessageId);
    }
}
