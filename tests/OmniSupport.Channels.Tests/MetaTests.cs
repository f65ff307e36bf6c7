using System.Text;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Meta;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Tests;

public sealed class MetaTests
{
    private const string AppSecret = "meta-app-secret";
    private const string VerifyToken = "meta-verify-token";
    private readonly MetaWebhookAdapter _adapter = new(Kit.Monitor(new MetaOptions { AppSecret = AppSecret, VerifyToken = VerifyToken }), Kit.Normalizer);

    private static WebhookRequest Signed(byte[] body, string secret = AppSecret) =>
        Kit.Request("meta", "", body, headers: new()
        {
            [MetaWebhookAdapter.SignatureHeader] = "sha256=" + Convert.ToHexStringLower(Hmac.Sha256(secret, body)),
        });

    private static WebhookRequest Verify(string token) => Kit.Request("meta", "", [], contentType: null, method: "GET", query: new()
    {
        ["hub.mode"] = "subscribe",
        ["hub.verify_token"] = token,
        ["hub.challenge"] = "1158201444",
    });

    [Fact]
    public async Task The_subscription_handshake_echoes_the_challenge()
    {
        var handshake = await Kit.HandshakeAsync(_adapter, Verify(VerifyToken));

        Assert.Equal((200, "text/plain", "1158201444"), (handshake.StatusCode, handshake.ContentType, handshake.Body));
    }

    [Fact]
    public async Task A_handshake_with_the_wrong_verify_token_is_403()
    {
        await Kit.RejectedAsync(_adapter, Verify("guess"), 403);
    }

    [Fact]
    public async Task A_whatsapp_message_comes_from_the_phone_and_the_whatsapp_id_with_the_profile_name()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("meta/whatsapp-message.json")));

        Assert.Equal(200, ack.StatusCode);
        var message = Assert.Single(items);
        Assert.Equal("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", message.ProviderMessageId);
        Assert.Equal("whatsapp", message.Channel);
        Assert.Equal([new SenderIdentity("phone", "+16505551234"), new SenderIdentity("whatsapp", "16505551234")], message.From);
        Assert.Equal("Sheena Nelson", message.DisplayName);
        Assert.Equal("Does it come in another color?", message.Text);
        Assert.Equal("106540352242922", message.Metadata["whatsapp_phone_number_id"]);
    }

    [Fact]
    public async Task A_whatsapp_user_with_a_username_and_no_phone_comes_from_the_business_scoped_user_id()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("meta/whatsapp-usernames.json")));

        var byId = items.ToDictionary(i => i.ProviderMessageId);
        var hidden = byId["wamid.USERNAME01"];
        Assert.Equal([new SenderIdentity("whatsapp_user", "BR.1502576394655843")], hidden.From);
        Assert.Equal(("Maria Lopez", "@maria.lopez"), (hidden.DisplayName, hidden.Metadata["whatsapp_username"]));
        var both = byId["wamid.USERNAME02"];
        Assert.Equal(
            [new SenderIdentity("phone", "+16505551234"), new SenderIdentity("whatsapp", "16505551234"), new SenderIdentity("whatsapp_user", "US.13491208655302741918")],
            both.From);
        Assert.Equal("Sheena Nelson", both.DisplayName);
        var status = byId["wamid.OURREPLY01:delivered"];
        Assert.Equal((InboundKinds.DeliveryStatus, "wamid.OURREPLY01"), (status.Kind, status.RelatedProviderMessageId));
        Assert.Equal([new SenderIdentity("whatsapp_user", "BR.1502576394655843")], status.From);
    }

    [Fact]
    public async Task A_whatsapp_message_with_neither_phone_nor_user_id_is_400()
    {
        var body = """
            {"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"wamid.X","type":"text","text":{"body":"hi"}}]}}]}]}
            """;

        await Kit.RejectedAsync(_adapter, Signed(Encoding.UTF8.GetBytes(body)), 400);
    }

    [Fact]
    public async Task Whatsapp_statuses_become_delivery_statuses()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("meta/whatsapp-status.json")));

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(InboundKinds.DeliveryStatus, i.Kind));
        Assert.Equal(("delivered", "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjY4RjA3QzUxRjgyNjcA"), (items[0].Status, items[0].RelatedProviderMessageId));
        Assert.Equal(("failed", "131047"), (items[1].Status, items[1].Metadata["error_code"]));
    }

    [Fact]
    public async Task A_messenger_message_comes_from_the_page_scoped_id_and_echoes_are_skipped()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("meta/messenger-message.json")));

        var message = Assert.Single(items);
        Assert.Equal("m_1457764197618:41d102a3e1ae206a38", message.ProviderMessageId);
        Assert.Equal("messenger", message.Channel);
        Assert.Equal(new SenderIdentity("messenger", "2468013579"), Assert.Single(message.From));
        Assert.Equal("hello, world!", message.Text);
    }

    [Fact]
    public async Task A_postback_tap_is_a_message_with_its_title_and_deliveries_and_reads_are_not()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("meta/messenger-postback.json")));

        Assert.Equal(2, items.Count);
        Assert.Equal(("m_postback_7Hk2QpL0xYw", "Talk to an agent"), (items[0].ProviderMessageId, items[0].Text));
        Assert.Equal(new SenderIdentity("messenger", "2468013579"), Assert.Single(items[0].From));
        Assert.Equal(("HANDOFF_AGENT", "order-1234"), (items[0].Metadata["postback_payload"], items[0].Metadata["referral_ref"]));
        Assert.Equal("postback:2468013579:1527459830000", items[1].ProviderMessageId); // no mid: stable across redeliveries
        Assert.Equal("Get Started", items[1].Text);
    }

    [Fact]
    public async Task An_instagram_attachment_and_a_reaction_land_and_echoes_unsends_and_reactions_taken_back_do_not()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("meta/instagram-messages.json")));

        Assert.Equal(2, items.Count);
        var message = items[0];
        var reaction = items[1];
        Assert.Equal(("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAwOmVjaG8x", "\u2764\ufe0f", "love"),
            (reaction.ReactionTo, reaction.Text, reaction.Metadata["reaction_name"]));
        Assert.Equal(new SenderIdentity("instagram", "6050000000000001"), Assert.Single(reaction.From));
        Assert.Equal("instagram", message.Channel);
        Assert.Equal(new SenderIdentity("instagram", "6050000000000001"), Assert.Single(message.From));
        Assert.Null(message.Text);
        Assert.Equal("image", message.Metadata["attachment_0_type"]);
        Assert.StartsWith("https://lookaside.fbsbx.com/ig_messaging_cdn/", message.Metadata["attachment_0_url"]);
    }

    [Fact]
    public async Task Whatsapp_locations_contacts_reactions_buttons_and_documents_keep_what_was_sent()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("meta/whatsapp-message-types.json")));

        var byId = items.ToDictionary(i => i.ProviderMessageId);
        Assert.Equal(5, items.Count); // the reaction taken back (no emoji) is not a message
        Assert.Equal("Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301", byId["wamid.LOCATION01"].Text);
        Assert.Equal(("37.44216251868683", "-122.16153582049394"),
            (byId["wamid.LOCATION01"].Metadata["whatsapp_latitude"], byId["wamid.LOCATION01"].Metadata["whatsapp_longitude"]));
        Assert.Equal("Barbara J. Johnson +1 (940) 555-1234", byId["wamid.CONTACTS01"].Text);
        Assert.Equal("\U0001F44D", byId["wamid.REACTION01"].Text);
        Assert.Equal("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjY4RjA3QzUxRjgyNjcA", byId["wamid.REACTION01"].ReactionTo);
        Assert.Equal(("Track my order", "wamid.OURBUTTONS01"), (byId["wamid.INTERACTIVE01"].Text, byId["wamid.INTERACTIVE01"].Metadata["whatsapp_context_id"]));
        var document = byId["wamid.DOCUMENT01"];
        Assert.Equal(("Here is the receipt", "1003383421387256", "receipt.pdf"),
            (document.Text, document.Metadata["whatsapp_media_id"], document.Metadata["whatsapp_file_name"]));
        Assert.All(items, i => Assert.Equal("Sheena Nelson", i.DisplayName));
    }

    [Fact]
    public async Task A_wrong_signature_is_401()
    {
        await Kit.RejectedAsync(_adapter, Signed(Kit.FixtureBytes("meta/whatsapp-message.json"), secret: "nope"), 401);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_a_meta_webhook_is_400()
    {
        await Kit.RejectedAsync(_adapter, Signed(Encoding.UTF8.GetBytes("{\"entry\": 5}")), 400);
        await Kit.RejectedAsync(_adapter, Signed(Encoding.UTF8.GetBytes("{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"message\":{\"text\":\"x\"}}]}]}")), 400);
    }
}
