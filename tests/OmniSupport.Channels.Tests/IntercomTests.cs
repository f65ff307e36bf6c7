using System.Text;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Intercom;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Tests;

public sealed class IntercomTests
{
    private const string ClientSecret = "intercom-client-secret";
    private readonly IntercomWebhookAdapter _adapter = new(Kit.Monitor(new IntercomOptions { ClientSecret = ClientSecret }));

    private static WebhookRequest Signed(byte[] body, string secret = ClientSecret) =>
        Kit.Request("intercom", "", body, headers: new()
        {
            [IntercomWebhookAdapter.SignatureHeader] = "sha1=" + Convert.ToHexStringLower(Hmac.Sha1(secret, body)),
        });

    [Fact]
    public async Task A_conversation_started_by_a_user_becomes_a_chat_message_from_their_email_and_contact_id()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("intercom/conversation-user-created.json")));

        Assert.Equal(200, ack.StatusCode);
        var message = Assert.Single(items);
        Assert.Equal("notif_4e3504a3-ba3f-46dc-ab48-8e4d5bdfdf4e", message.ProviderMessageId);
        Assert.Equal("chat", message.Channel);
        Assert.Equal([new SenderIdentity("email", "ana@example.com"), new SenderIdentity("intercom", "5ee3d479d1cf3dedbee23d68")], message.From);
        Assert.Equal("Ana Silva", message.DisplayName);
        Assert.Equal("Hi, my order 1234 has not arrived.\nCan you help?", message.Text);
        Assert.Equal("147", message.Metadata["intercom_conversation_id"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1596634805), message.SentAt);
    }

    [Fact]
    public async Task A_user_reply_takes_the_newest_part_the_user_wrote()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("intercom/conversation-user-replied.json")));

        var message = Assert.Single(items);
        Assert.Equal("It was due on Monday & still nothing.", message.Text);
        Assert.Equal("6073788584", message.Metadata["intercom_part_id"]);
    }

    [Fact]
    public async Task A_user_reply_that_reopens_the_conversation_is_that_reply_with_its_attachment()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("intercom/conversation-user-replied-reopened.json")));

        var message = Assert.Single(items);
        Assert.Equal("Still not here, see the tracking page.", message.Text); // not the opening message again
        Assert.Equal("6073790001", message.Metadata["intercom_part_id"]);
        Assert.Equal(("https://downloads.intercomcdn.com/i/o/123456/tracking.png", "tracking.png", "image/png"),
            (message.Metadata["attachment_0_url"], message.Metadata["attachment_0_name"], message.Metadata["attachment_0_content_type"]));
    }

    [Fact]
    public async Task The_api_1x_item_shape_reads_the_user_from_the_conversation()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("intercom/conversation-user-created-v1.json")));

        var message = Assert.Single(items);
        Assert.Contains(new SenderIdentity("email", "bob.dylan@example.com"), message.From);
        Assert.Equal("hi, I need help", message.Text);
    }

    [Fact]
    public async Task Ping_and_other_topics_are_answered_200_with_nothing_queued()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("intercom/ping.json")));
        var admin = Kit.Fixture("intercom/conversation-user-replied.json").Replace("conversation.user.replied", "conversation.admin.replied", StringComparison.Ordinal);
        var (_, adminItems) = await Kit.AcceptedAsync(_adapter, Signed(Encoding.UTF8.GetBytes(admin)));

        Assert.Equal(200, ack.StatusCode);
        Assert.Empty(items);
        Assert.Empty(adminItems);
    }

    [Fact]
    public async Task A_wrong_or_missing_signature_is_401()
    {
        await Kit.RejectedAsync(_adapter, Signed(Kit.FixtureBytes("intercom/conversation-user-created.json"), secret: "other"), 401);
        await Kit.RejectedAsync(_adapter, Kit.Request("intercom", "", Kit.FixtureBytes("intercom/conversation-user-created.json")), 401);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_a_notification_is_400()
    {
        await Kit.RejectedAsync(_adapter, Signed(Encoding.UTF8.GetBytes("not json")), 400);
        await Kit.RejectedAsync(_adapter, Signed(Encoding.UTF8.GetBytes("{\"topic\":\"conversation.user.created\",\"id\":\"notif_1\",\"data\":{}}")), 400);
    }
}
