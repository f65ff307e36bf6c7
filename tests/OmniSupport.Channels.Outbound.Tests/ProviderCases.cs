using OmniSupport.Core.Outbound;

namespace OmniSupport.Channels.Outbound.Tests;

/// <summary>
/// Each provider's send call as its public API documents it: the path, a success answer and a
/// refusal in the provider's own error format (sources in each sender's summary).
/// </summary>
public sealed record ProviderCase(
    string Provider,
    Func<string, Dictionary<string, string?>> Settings,
    string Path,
    OutboundMessage Message,
    int SuccessStatus,
    string SuccessBody,
    Dictionary<string, string> SuccessHeaders,
    string ExpectedProviderMessageId,
    string RefusalBody,
    string ExpectedReason)
{
    public override string ToString() => Provider;

    public static readonly IReadOnlyDictionary<string, ProviderCase> All = new[]
    {
        new ProviderCase(
            "sendgrid",
            url => new() { ["Channels:SendGrid:ApiKey"] = "SG.test-key", ["Channels:SendGrid:FromEmail"] = "support@shop.example", ["Channels:SendGrid:FromName"] = "Shop Support", ["Channels:SendGrid:InboundDomain"] = "in.shop.example", ["Channels:SendGrid:ApiBaseUrl"] = url },
            "/v3/mail/send",
            SenderHarness.Message(OutboundChannels.Email, "ana@example.com", inReplyTo: ["<first@mail.example.com>", "<CAF=abc@mail.gmail.com>"]),
            202, "", new() { ["X-Message-Id"] = "W3VgU0UtRzW9cTHzgYbJ_A" },
            "W3VgU0UtRzW9cTHzgYbJ_A",
            """{"errors":[{"message":"The from address does not match a verified Sender Identity.","field":"from","help":null}]}""",
            "The from address does not match a verified Sender Identity."),
        new ProviderCase(
            "acs",
            url => new() { ["Channels:Acs:Endpoint"] = url, ["Channels:Acs:AccessKey"] = Convert.ToBase64String("acs-test-access-key-0123456789"u8.ToArray()), ["Channels:Acs:FromNumber"] = "+18001110000" },
            "/sms",
            SenderHarness.Message(OutboundChannels.Sms, "+14155550100"),
            202,
            """{"value":[{"to":"+14155550100","messageId":"Outgoing_20250304100000bfd4ba70-70bf-4f77-925d-c0bdb5161bb3_noam","httpStatusCode":202,"repeatabilityResult":"accepted","successful":true}]}""",
            new(),
            "Outgoing_20250304100000bfd4ba70-70bf-4f77-925d-c0bdb5161bb3_noam",
            """{"error":{"code":"BadRequest","message":"Invalid To phone number format."}}""",
            "Invalid To phone number format."),
        new ProviderCase(
            "twilio",
            url => new() { ["Channels:Twilio:AccountSid"] = "AC00000000000000000000000000000001", ["Channels:Twilio:AuthToken"] = "twilio-test-token", ["Channels:Twilio:FromNumber"] = "+15005550006", ["Channels:Twilio:StatusCallbackUrl"] = "https://hub.example.com/api/webhooks/twilio/sms", ["Channels:Twilio:ApiBaseUrl"] = url },
            "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json",
            SenderHarness.Message(OutboundChannels.Sms, "+14155550100"),
            201,
            """{"sid":"SM1f0e8ae6ade43cb3c0ce4525424e404f","account_sid":"AC00000000000000000000000000000001","to":"+14155550100","from":"+15005550006","body":"Your replacement ships today.","status":"queued","num_segments":"1","direction":"outbound-api","api_version":"2010-04-01","error_code":null,"error_message":null,"uri":"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/SM1f0e8ae6ade43cb3c0ce4525424e404f.json"}""",
            new(),
            "SM1f0e8ae6ade43cb3c0ce4525424e404f",
            """{"code":21211,"message":"The 'To' number +14155550100 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}""",
            "The 'To' number +14155550100 is not a valid phone number."),
        new ProviderCase(
            "intercom",
            url => new() { ["Channels:Intercom:AccessToken"] = "intercom-test-token", ["Channels:Intercom:AdminId"] = "814860", ["Channels:Intercom:ApiBaseUrl"] = url },
            "/conversations/1911149811/reply",
            SenderHarness.Message(OutboundChannels.Intercom, "5bc8f7ae2d96695c18a", new() { [OutboundMetadata.IntercomConversationId] = "1911149811" }),
            200,
            """{"type":"conversation","id":"1911149811","state":"open","conversation_parts":{"type":"conversation_part.list","conversation_parts":[{"type":"conversation_part","id":"4412","part_type":"comment","body":"<p>Hi</p>"},{"type":"conversation_part","id":"4413","part_type":"comment","body":"<p>Your replacement ships today.</p>","author":{"type":"admin","id":"814860"}}],"total_count":2}}""",
            new(),
            "4413",
            """{"type":"error.list","request_id":"000q9l8ls0a3qq6vkls0","errors":[{"code":"parameter_invalid","message":"Admin not found"}]}""",
            "Admin not found"),
        new ProviderCase(
            "x",
            url => new() { ["Channels:X:BearerToken"] = "x-user-test-token", ["Channels:X:ApiBaseUrl"] = url },
            "/2/dm_conversations/with/9876543210/messages",
            SenderHarness.Message(OutboundChannels.X, "9876543210"),
            201,
            """{"data":{"dm_conversation_id":"1234567890-9876543210","dm_event_id":"1582838223935672320"}}""",
            new(),
            "1582838223935672320",
            """{"errors":[{"message":"You cannot send messages to this user."}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}""",
            "You cannot send messages to this user."),
        new ProviderCase(
            "messenger",
            url => new() { ["Channels:Meta:AccessToken"] = "page-test-token", ["Channels:Meta:GraphBaseUrl"] = url },
            "/v23.0/me/messages",
            SenderHarness.Message(OutboundChannels.Messenger, "6543210987654321"),
            200,
            """{"recipient_id":"6543210987654321","message_id":"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P"}""",
            new(),
            "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P",
            """{"error":{"message":"(#100) No matching user found","type":"OAuthException","code":100,"error_subcode":2018001,"fbtrace_id":"AbCdEfGh"}}""",
            "No matching user found"),
        new ProviderCase(
            "whatsapp",
            url => new() { ["Channels:Meta:WhatsAppAccessToken"] = "wa-test-token", ["Channels:Meta:WhatsAppPhoneNumberId"] = "106540352242922", ["Channels:Meta:GraphBaseUrl"] = url },
            "/v23.0/106540352242922/messages",
            SenderHarness.Message(OutboundChannels.WhatsApp, "+16505551234"),
            200,
            """{"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}""",
            new(),
            "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA",
            """{"error":{"message":"(#131030) Recipient phone number not in allowed list","type":"OAuthException","code":131030,"error_data":{"messaging_product":"whatsapp","details":"Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."},"fbtrace_id":"AFdhmYl"}}""",
            "Recipient phone number not in allowed list"),
    }.ToDictionary(c => c.Provider);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }
}
