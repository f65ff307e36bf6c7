using System.Text;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Twilio;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Tests;

public sealed class TwilioTests
{
    private const string AuthToken = "twilio-test-auth-token";
    private readonly TwilioWebhookAdapter _adapter = new(Kit.Monitor(new TwilioOptions { AuthToken = AuthToken }), Kit.Normalizer);

    private static WebhookRequest Signed(string kind, byte[] body, string token = AuthToken, string query = "")
    {
        var url = $"https://hub.example.com/api/webhooks/twilio/{kind}{query}";
        var signature = TwilioSignature.Compute(token, url, FormBody.Parse(body).Pairs);
        return Kit.Request("twilio", kind, body, "application/x-www-form-urlencoded", new() { [TwilioSignature.Header] = signature }, url: url);
    }

    [Fact]
    public void The_signature_of_Twilios_documented_example_matches()
    {
        // https://www.twilio.com/docs/usage/webhooks/webhooks-security (the example in TwilioDevEd/api-snippets).
        var parameters = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE",
            ["Caller"] = "+14158675309",
            ["Digits"] = "1234",
            ["From"] = "+14158675309",
            ["To"] = "+18005551212",
        };

        var signature = TwilioSignature.Compute("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters);

        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", signature);
        Assert.True(TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    }

    [Fact]
    public async Task The_documented_example_passes_verification_and_is_then_refused_for_lacking_a_call_status()
    {
        var adapter = new TwilioWebhookAdapter(Kit.Monitor(new TwilioOptions { AuthToken = "12345" }), Kit.Normalizer);
        var body = Encoding.UTF8.GetBytes("CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212");
        var request = Kit.Request("twilio", "voice", body, "application/x-www-form-urlencoded",
            new() { [TwilioSignature.Header] = "RSOYDt4T1cUTdK1PDd93/VVr8B8=" }, url: "https://mycompany.com/myapp.php?foo=1&bar=2");

        // Signed correctly, but it carries no CallStatus: verified, then refused as a body we cannot read.
        var rejected = await Kit.RejectedAsync(adapter, request, 400);

        Assert.Contains("CallStatus", rejected.Detail);
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
}
