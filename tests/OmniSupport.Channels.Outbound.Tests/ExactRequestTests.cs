using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using OmniSupport.Core.Outbound;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OmniSupport.Channels.Outbound.Tests;

/// <summary>Each sender's request, checked on the wire: path, authentication and body as the provider documents them.</summary>
public sealed class ExactRequestTests : IDisposable
{
    private readonly SenderHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task<(SendResult Result, WireMock.Logging.ILogEntry Request)> SendAsync(string provider, OutboundMessage? message = null, string? path = null, string? body = null)
    {
        var c = ProviderCase.All[provider];
        _harness.Server.Given(Request.Create().WithPath(path ?? c.Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(c.SuccessStatus).WithBody(body ?? c.SuccessBody).WithHeaders(c.SuccessHeaders).WithHeader("Content-Type", "application/json"));
        var sender = _harness.Sender(provider, c.Settings(_harness.BaseUrl));
        var result = await sender.SendAsync(message ?? c.Message, CancellationToken.None);
        Assert.True(result.Succeeded, result.FailureReason);
        return (result, _harness.SingleRequest());
    }

    [Fact]
    public async Task SendGrid_mail_send_is_threaded_with_In_Reply_To_References_and_the_conversation_reply_to()
    {
        var (result, request) = await SendAsync("sendgrid");

        Assert.Equal("/v3/mail/send", request.RequestMessage.Path);
        Assert.Equal("Bearer SG.test-key", SenderHarness.Header(request, "Authorization"));
        var json = SenderHarness.Json(request);
        Assert.Equal("ana@example.com", json.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("support@shop.example", json.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Shop Support", json.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("reply+cnv_1@in.shop.example", json.GetProperty("reply_to").GetProperty("email").GetString());
        Assert.Equal("Re: Order 1234", json.GetProperty("subject").GetString());
        Assert.Equal("text/plain", json.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("Your replacement ships today.", json.GetProperty("content")[0].GetProperty("value").GetString());
        Assert.Equal("<CAF=abc@mail.gmail.com>", json.GetProperty("headers").GetProperty("In-Reply-To").GetString());
        Assert.Equal("<first@mail.example.com> <CAF=abc@mail.gmail.com>", json.GetProperty("headers").GetProperty("References").GetString());
        Assert.Equal("out_test0001", json.GetProperty("custom_args").GetProperty("omnisupport_outbound_id").GetString());
        Assert.Equal("W3VgU0UtRzW9cTHzgYbJ_A", result.ProviderMessageId);
    }

    [Fact]
    public async Task SendGrid_reply_to_names_the_reply_token_when_the_message_has_one()
    {
        var reminder = ProviderCase.All["sendgrid"].Message;
        reminder = new OutboundMessage
        {
            Id = reminder.Id, Channel = reminder.Channel, To = reminder.To, Subject = "Appointment reminder", Text = "Reply C to confirm or X to cancel.",
            Kind = OutboundKinds.Reminder, ReplyToken = "reminder-apt_1",
        };

        var (_, request) = await SendAsync("sendgrid", reminder);

        Assert.Equal("reply+reminder-apt_1@in.shop.example", SenderHarness.Json(request).GetProperty("reply_to").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Acs_sms_send_is_signed_with_hmac_sha256_over_verb_path_date_host_and_content_hash()
    {
        var accessKey = Convert.ToBase64String("acs-test-access-key-0123456789"u8.ToArray());

        var (_, request) = await SendAsync("acs");

        var m = request.RequestMessage;
        Assert.Equal("/sms", m.Path);
        Assert.Equal("2021-03-07", m.Query!["api-version"].ToString());
        var date = SenderHarness.Header(request, "x-ms-date");
        Assert.True(DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), "x-ms-date is an RFC 1123 date");
        var contentHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Body!)));
        Assert.Equal(contentHash, SenderHarness.Header(request, "x-ms-content-sha256"));

        // The documented string to sign, computed here independently of the sender.
        var host = new Uri(_harness.BaseUrl).Authority;
        var stringToSign = $"POST\n/sms?api-version=2021-03-07\n{date};{host};{contentHash}";
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(accessKey), Encoding.UTF8.GetBytes(stringToSign)));
        Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={expected}", SenderHarness.Header(request, "Authorization"));

        var json = SenderHarness.Json(request);
        Assert.Equal("+18001110000", json.GetProperty("from").GetString());
        Assert.Equal("+14155550100", json.GetProperty("smsRecipients")[0].GetProperty("to").GetString());
        Assert.True(Guid.TryParse(json.GetProperty("smsRecipients")[0].GetProperty("repeatabilityRequestId").GetString(), out _));
        Assert.Equal("Tue, 04 Mar 2025 10:00:00 GMT", json.GetProperty("smsRecipients")[0].GetProperty("repeatabilityFirstSent").GetString());
        Assert.Equal("Your replacement ships today.", json.GetProperty("message").GetString());
        Assert.True(json.GetProperty("smsSendOptions").GetProperty("enableDeliveryReport").GetBoolean());
    }

    [Fact]
    public async Task Acs_reports_a_recipient_the_service_did_not_accept_as_failed()
    {
        var c = ProviderCase.All["acs"];
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithBody("""{"value":[{"to":"+14155550100","httpStatusCode":400,"successful":false,"errorMessage":"Invalid To phone number format."}]}"""));
        var sender = _harness.Sender("acs", c.Settings(_harness.BaseUrl));

        var result = await sender.SendAsync(c.Message, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(400, result.ProviderStatusCode);
        Assert.Contains("Invalid To phone number format.", result.FailureReason);
    }

    [Fact]
    public async Task Twilio_sdk_posts_the_message_form_with_basic_auth_to_the_configured_origin()
    {
        var (result, request) = await SendAsync("twilio");

        var m = request.RequestMessage;
        Assert.Equal("/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json", m.Path);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("AC00000000000000000000000000000001:twilio-test-token"));
        Assert.Equal("Basic " + basic, SenderHarness.Header(request, "Authorization"));
        var form = HttpUtility.ParseQueryString(m.Body!);
        Assert.Equal("+14155550100", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal("Your replacement ships today.", form["Body"]);
        Assert.Equal("https://hub.example.com/api/webhooks/twilio/sms", form["StatusCallback"]);
        Assert.Equal("SM1f0e8ae6ade43cb3c0ce4525424e404f", result.ProviderMessageId);
    }

    [Fact]
    public async Task Intercom_reply_is_an_admin_comment_on_the_intercom_conversation()
    {
        var (result, request) = await SendAsync("intercom");

        Assert.Equal("/conversations/1911149811/reply", request.RequestMessage.Path);
        Assert.Equal("Bearer intercom-test-token", SenderHarness.Header(request, "Authorization"));
        Assert.Equal("2.11", SenderHarness.Header(request, "Intercom-Version"));
        var json = SenderHarness.Json(request);
        Assert.Equal("comment", json.GetProperty("message_type").GetString());
        Assert.Equal("admin", json.GetProperty("type").GetString());
        Assert.Equal("814860", json.GetProperty("admin_id").GetString());
        Assert.Equal("Your replacement ships today.", json.GetProperty("body").GetString());
        Assert.Equal("4413", result.ProviderMessageId);
    }

    [Fact]
    public async Task Intercom_without_a_known_conversation_starts_one_with_an_admin_message_to_the_contact()
    {
        var message = SenderHarness.Message(OutboundChannels.Intercom, "5bc8f7ae2d96695c18a");

        var (result, request) = await SendAsync("intercom", message, "/messages",
            """{"type":"admin_message","id":"2001","message_type":"inapp","body":"Your replacement ships today."}""");

        var json = SenderHarness.Json(request);
        Assert.Equal("inapp", json.GetProperty("message_type").GetString());
        Assert.Equal("admin", json.GetProperty("from").GetProperty("type").GetString());
        Assert.Equal("814860", json.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("user", json.GetProperty("to").GetProperty("type").GetString());
        Assert.Equal("5bc8f7ae2d96695c18a", json.GetProperty("to").GetProperty("id").GetString());
        Assert.Equal("2001", result.ProviderMessageId);
    }

    [Fact]
    public async Task X_dm_goes_to_the_participant_with_the_user_access_token()
    {
        var (result, request) = await SendAsync("x");

        Assert.Equal("/2/dm_conversations/with/9876543210/messages", request.RequestMessage.Path);
        Assert.Equal("Bearer x-user-test-token", SenderHarness.Header(request, "Authorization"));
        var json = SenderHarness.Json(request);
        Assert.Equal("Your replacement ships today.", json.GetProperty("text").GetString());
        Assert.Equal("1582838223935672320", result.ProviderMessageId);
    }

    [Fact]
    public async Task Messenger_send_api_answers_the_psid_as_a_response_message()
    {
        var (_, request) = await SendAsync("messenger");

        Assert.Equal("/v23.0/me/messages", request.RequestMessage.Path);
        Assert.Equal("Bearer page-test-token", SenderHarness.Header(request, "Authorization"));
        var json = SenderHarness.Json(request);
        Assert.Equal("6543210987654321", json.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("RESPONSE", json.GetProperty("messaging_type").GetString());
        Assert.Equal("Your replacement ships today.", json.GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public async Task WhatsApp_cloud_api_sends_a_text_message_from_the_phone_number_id()
    {
        var (_, request) = await SendAsync("whatsapp");

        Assert.Equal("/v23.0/106540352242922/messages", request.RequestMessage.Path);
        Assert.Equal("Bearer wa-test-token", SenderHarness.Header(request, "Authorization"));
        var json = SenderHarness.Json(request);
        Assert.Equal("whatsapp", json.GetProperty("messaging_product").GetString());
        Assert.Equal("individual", json.GetProperty("recipient_type").GetString());
        Assert.Equal("16505551234", json.GetProperty("to").GetString());
        Assert.Equal("text", json.GetProperty("type").GetString());
        Assert.False(json.GetProperty("text").GetProperty("preview_url").GetBoolean());
        Assert.Equal("Your replacement ships today.", json.GetProperty("text").GetProperty("body").GetString());
    }

    [Fact]
    public async Task WhatsApp_cloud_api_addresses_a_user_known_only_by_business_scoped_user_id_as_recipient()
    {
        var (_, request) = await SendAsync("whatsapp", SenderHarness.Message(OutboundChannels.WhatsApp, "BR.1502576394655843"));

        var json = SenderHarness.Json(request);
        Assert.Equal("BR.1502576394655843", json.GetProperty("recipient").GetString());
        Assert.False(json.TryGetProperty("to", out _));
    }
}
