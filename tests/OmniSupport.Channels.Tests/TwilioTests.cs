using System.Text;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Twilio;
using OmniSupport.Core.Ingest;
using OmniSupport.TestUtilities;

namespace OmniSupport.Channels.Tests;

public sealed class TwilioTests
{
    private const string AuthToken = "twilio-test-auth-token";
    private readonly TwilioWebhookAdapter _adapter = new(Kit.Monitor(new TwilioOptions { AuthToken = AuthToken }), Kit.Normalizer);

    private static WebhookRequest Signed(string kind, byte[] body, string token = AuthToken, string query = "")
    {
        var url = $"https://hub.example.com/api/webhooks/twilio/{kind}{query}";
        var signature = TwilioTestSigner.Sign(token, url, FormBody.Parse(body).Pairs);
        return Kit.Request("twilio", kind, body, "application/x-www-form-urlencoded", new() { [TwilioSignature.Header] = signature }, url: url);
    }

    // Twilio's documented example (https://www.twilio.com/docs/usage/webhooks/webhooks-security; the same vectors
    // are in the SDKs' RequestValidator tests): Auth Token 12345, this URL and these form parameters.
    private const string DocumentedUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string DocumentedForm = "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
    private const string DocumentedSignature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

    // The JSON-body variant: the URL carries bodySHA256 (the hex SHA-256 of the raw body) and the signature covers the URL alone.
    private const string DocumentedJsonBody = "{\"property\": \"value\", \"boolean\": true}";
    private const string DocumentedBodyHash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    private const string DocumentedBodySignature = "a9nBmqA0ju/hNViExpshrM61xv4=";

    private static readonly TwilioWebhookAdapter DocumentedAccount = new(Kit.Monitor(new TwilioOptions { AuthToken = "12345" }), Kit.Normalizer);

    private static WebhookRequest Documented(string url, string signature, string body = DocumentedForm, string contentType = "application/x-www-form-urlencoded") =>
        Kit.Request("twilio", "voice", Encoding.UTF8.GetBytes(body), contentType, new() { [TwilioSignature.Header] = signature }, url: url);

    [Theory]
    [InlineData(DocumentedSignature)]
    // The documented parameters signed over the URL with the scheme's default port (https://mycompany.com:443/…;
    // HMAC-SHA1 computed apart from this code base): Twilio may sign either form, the validator accepts both.
    [InlineData("EpDEmp1PyjDYp77YxYU3GILBWzE=")]
    public async Task Twilios_documented_form_example_passes_verification_and_is_then_refused_for_lacking_a_call_status(string signature)
    {
        // Signed correctly, but it carries no CallStatus: verified, then refused as a body we cannot read (not 401).
        var rejected = await Kit.RejectedAsync(DocumentedAccount, Documented(DocumentedUrl, signature), 400);

        Assert.Contains("CallStatus", rejected.Detail);
    }

    [Fact]
    public async Task Twilios_documented_form_example_with_one_parameter_changed_is_refused_as_unsigned()
    {
        await Kit.RejectedAsync(DocumentedAccount, Documented(DocumentedUrl, DocumentedSignature, DocumentedForm.Replace("1234", "9999", StringComparison.Ordinal)), 401);
    }

    [Fact]
    public async Task Twilios_documented_json_body_example_passes_verification_by_its_body_hash()
    {
        var url = DocumentedUrl + "&bodySHA256=" + DocumentedBodyHash;

        // Genuine (not 401), but no callback this adapter reads is JSON: refused as a body of another type.
        var rejected = await Kit.RejectedAsync(DocumentedAccount, Documented(url, DocumentedBodySignature, DocumentedJsonBody, "application/json"), 400);

        Assert.Contains("application/x-www-form-urlencoded", rejected.Detail);
    }

    [Fact]
    public async Task Twilios_documented_json_body_example_with_another_body_is_refused_as_unsigned()
    {
        var url = DocumentedUrl + "&bodySHA256=" + DocumentedBodyHash;

        await Kit.RejectedAsync(DocumentedAccount, Documented(url, DocumentedBodySignature, "{\"property\": \"evil\"}", "application/json"), 401);
    }

    [Fact]
    public void The_test_signer_reproduces_Twilios_documented_signature()
    {
        Assert.Equal(DocumentedSignature, TwilioTestSigner.Sign("12345", DocumentedUrl, FormBody.Parse(Encoding.UTF8.GetBytes(DocumentedForm)).Pairs));
    }

    [Fact]
    public async Task A_signed_sms_becomes_one_message_acked_with_empty_twiml()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Signed("sms", Kit.FixtureBytes("twilio/sms.form")));

        Assert.Equal(200, ack.StatusCode);
        Assert.Equal("text/xml", ack.ContentType);
        Assert.Contains("<Response>", ack.Body);
        var message = Assert.Single(items);
        Assert.Equal("SM1f0e8ae6ade43cb3c0ce4525424e404f", message.ProviderMessageId);
        Assert.Equal("sms", message.Channel);
        Assert.Equal("Order 1234 has not arrived 🙁", message.Text);
        Assert.Equal(new SenderIdentity("phone", "+14155550100"), Assert.Single(message.From));
        Assert.Equal("+15005550006", message.Metadata["to"]);
    }

    [Fact]
    public async Task A_status_callback_of_a_sent_message_becomes_a_delivery_status_item()
    {
        // Twilio's StatusCallback parameters (twilio.com/docs/messaging/guides/track-outbound-message-status).
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Signed("status", Kit.FixtureBytes("twilio/status.form")));

        Assert.Equal(200, ack.StatusCode);
        var item = Assert.Single(items);
        Assert.Equal(InboundKinds.DeliveryStatus, item.Kind);
        Assert.Equal("SM5e3bd9f4a2c14a8bb1d3e1c27a4bd0f1", item.RelatedProviderMessageId);
        Assert.Equal("undelivered", item.Status);
        Assert.Equal("SM5e3bd9f4a2c14a8bb1d3e1c27a4bd0f1:undelivered", item.ProviderMessageId);
        Assert.Equal("30003", item.Metadata["error_code"]);
    }

    [Fact]
    public async Task An_mms_carries_its_media_urls_in_metadata()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed("sms", Kit.FixtureBytes("twilio/mms.form")));

        var message = Assert.Single(items);
        Assert.Equal("2", message.Metadata["num_media"]);
        Assert.EndsWith("/Media/ME0a1b2c3d4e5f60718293a4b5c6d7e8f9", message.Metadata["media_0_url"]);
        Assert.Equal("image/png", message.Metadata["media_1_content_type"]);
        Assert.Empty(message.Attachments);
    }

    [Fact]
    public async Task The_signature_covers_the_query_string_of_the_public_url()
    {
        var body = Kit.FixtureBytes("twilio/sms.form");
        var request = Signed("sms", body, query: "?tenant=eu");

        await Kit.AcceptedAsync(_adapter, request);
        await Kit.RejectedAsync(_adapter, Kit.Request("twilio", "sms", body, "application/x-www-form-urlencoded",
            new(request.Headers), url: "https://hub.example.com/api/webhooks/twilio/sms"), 401);
    }

    [Fact]
    public async Task A_wrong_signature_is_401()
    {
        var rejected = await Kit.RejectedAsync(_adapter, Signed("sms", Kit.FixtureBytes("twilio/sms.form"), token: "another-token"), 401);

        Assert.Contains("X-Twilio-Signature", rejected.Detail);
    }

    [Fact]
    public async Task A_tampered_body_is_401()
    {
        var request = Signed("sms", Kit.FixtureBytes("twilio/sms.form"));
        var tampered = Kit.Request("twilio", "sms", Encoding.UTF8.GetBytes(Kit.Fixture("twilio/sms.form").Replace("Order", "0rder", StringComparison.Ordinal)),
            "application/x-www-form-urlencoded", new(request.Headers), url: request.PublicUrl.OriginalString);

        await Kit.RejectedAsync(_adapter, tampered, 401);
    }

    [Fact]
    public async Task A_signed_sms_without_MessageSid_is_400()
    {
        await Kit.RejectedAsync(_adapter, Signed("sms", Encoding.UTF8.GetBytes("From=%2B14155550100&Body=hi")), 400);
    }

    [Fact]
    public async Task A_json_body_is_400()
    {
        await Kit.RejectedAsync(_adapter, Kit.Request("twilio", "sms", Encoding.UTF8.GetBytes("{}")), 400);
    }

    [Fact]
    public async Task A_completed_call_becomes_a_call_status_keyed_by_sid_and_status()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Signed("voice", Kit.FixtureBytes("twilio/voice-completed.form")));

        Assert.Equal("text/xml", ack.ContentType);
        var item = Assert.Single(items);
        Assert.Equal(InboundKinds.CallStatus, item.Kind);
        Assert.Equal("CA5f2a0b6a1c3e4d5f6a7b8c9d0e1f2a3b:completed", item.ProviderMessageId);
        Assert.Equal("completed", item.Status);
        Assert.Equal("125", item.Metadata["duration_seconds"]);
        Assert.Equal(new SenderIdentity("phone", "+14155550100"), Assert.Single(item.From)); // outbound: the called party
        Assert.Equal(new DateTimeOffset(2023, 1, 10, 18, 7, 24, TimeSpan.Zero), item.SentAt);
    }

    [Fact]
    public async Task A_progress_callback_is_acknowledged_and_dropped()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Signed("voice", Kit.FixtureBytes("twilio/voice-ringing.form")));

        Assert.Equal(200, ack.StatusCode);
        Assert.Empty(items);
    }

    [Fact]
    public async Task An_unknown_twilio_path_is_404()
    {
        await Kit.RejectedAsync(_adapter, Signed("fax", Kit.FixtureBytes("twilio/sms.form")), 404);
    }

    [Fact]
    public async Task A_whatsapp_location_carries_its_coordinates_in_metadata()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed("sms", Kit.FixtureBytes("twilio/whatsapp-location.form")));

        var message = Assert.Single(items);
        Assert.Equal("whatsapp", message.Channel);
        Assert.Equal("Ana Souza", message.DisplayName);
        Assert.Contains(new SenderIdentity("whatsapp", "14155550100"), message.From);
        Assert.Equal("location", message.Metadata["message_type"]);
        Assert.Equal("37.7879277", message.Metadata["latitude"]);
        Assert.Equal("-122.4003153", message.Metadata["longitude"]);
        Assert.Equal("Warehouse dock 3", message.Metadata["location_label"]);
    }

    [Fact]
    public async Task A_whatsapp_button_reply_carries_its_payload_and_the_message_it_answers()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed("sms", Kit.FixtureBytes("twilio/whatsapp-button.form")));

        var message = Assert.Single(items);
        Assert.Equal("Talk to an agent", message.Text);
        Assert.Equal("handoff_agent", message.Metadata["button_payload"]);
        Assert.Equal("MM9f8e7d6c5b4a39281706f5e4d3c2b1a0", message.Metadata["replied_message_sid"]);
    }

    [Fact]
    public async Task A_whatsapp_read_receipt_becomes_a_read_status_on_the_whatsapp_channel()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed("status", Kit.FixtureBytes("twilio/status-whatsapp-read.form")));

        var item = Assert.Single(items);
        Assert.Equal(InboundKinds.DeliveryStatus, item.Kind);
        Assert.Equal("read", item.Status);
        Assert.Equal("whatsapp", item.Channel);
        Assert.Equal("SM2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e1b:read", item.ProviderMessageId);
        Assert.False(item.Metadata.ContainsKey("reason"));
    }

    [Fact]
    public async Task An_undelivered_status_with_only_an_error_code_names_it_as_the_reason()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed("status", Kit.FixtureBytes("twilio/status.form")));

        Assert.Equal("Twilio error 30003", Assert.Single(items).Metadata["reason"]);
    }

    [Fact]
    public async Task A_status_callback_posted_to_the_sms_url_is_a_status_not_a_message_from_our_number()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed("sms", Kit.FixtureBytes("twilio/status.form")));

        var item = Assert.Single(items);
        Assert.Equal(InboundKinds.DeliveryStatus, item.Kind);
        Assert.Equal("undelivered", item.Status);
    }

    [Fact]
    public async Task A_webhook_set_to_http_get_is_read_from_the_signed_query()
    {
        // With HTTP GET, Twilio puts the parameters in the query and signs the URL alone.
        var url = "https://hub.example.com/api/webhooks/twilio/sms?" + Kit.Fixture("twilio/sms.form");
        var signature = TwilioTestSigner.Sign(AuthToken, url, []);
        var request = Kit.Request("twilio", "sms", [], null, new() { [TwilioSignature.Header] = signature }, method: "GET", url: url);

        var (_, items) = await Kit.AcceptedAsync(_adapter, request);

        var message = Assert.Single(items);
        Assert.Equal("SM1f0e8ae6ade43cb3c0ce4525424e404f", message.ProviderMessageId);
        Assert.Equal("Order 1234 has not arrived 🙁", message.Text);
        await Kit.RejectedAsync(_adapter, Kit.Request("twilio", "sms", [], null, new() { [TwilioSignature.Header] = signature }, method: "GET",
            url: url.Replace("Order", "0rder", StringComparison.Ordinal)), 401);
    }
}
