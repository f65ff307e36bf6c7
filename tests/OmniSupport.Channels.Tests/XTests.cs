using System.Text;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.X;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Tests;

public sealed class XTests
{
    private const string ConsumerSecret = "x-consumer-secret";
    private readonly XWebhookAdapter _adapter = new(Kit.Monitor(new XOptions { ConsumerSecret = ConsumerSecret }));

    private static WebhookRequest Signed(byte[] body, string secret = ConsumerSecret) =>
        Kit.Request("x", "", body, headers: new()
        {
            [XWebhookAdapter.SignatureHeader] = "sha256=" + Convert.ToBase64String(Hmac.Sha256(secret, body)),
        });

    [Fact]
    public async Task The_crc_check_is_answered_with_the_hmac_of_the_token()
    {
        var request = Kit.Request("x", "", [], contentType: null, query: new() { ["crc_token"] = "challenge-123" }, method: "GET");

        var handshake = await Kit.HandshakeAsync(_adapter, request);

        var expected = "sha256=" + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(ConsumerSecret), Encoding.UTF8.GetBytes("challenge-123")));
        Assert.Equal(200, handshake.StatusCode);
        Assert.Equal("{\"response_token\":\"" + expected + "\"}", handshake.Body.Replace("\\u002B", "+", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crc_get_without_a_token_is_400()
    {
        await Kit.RejectedAsync(_adapter, Kit.Request("x", "", [], contentType: null, method: "GET"), 400);
    }

    [Fact]
    public async Task A_direct_message_becomes_a_message_and_our_own_dm_is_skipped()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("x/direct-message.json")));

        var message = Assert.Single(items);
        Assert.Equal("954491830116155396", message.ProviderMessageId);
        Assert.Equal("x", message.Channel);
        Assert.Equal(new SenderIdentity("x", "9876543210"), Assert.Single(message.From));
        Assert.Equal("Ana Silva", message.DisplayName);
        Assert.Equal("Hi! My order 1234 still has not arrived.", message.Text);
        Assert.Equal(("direct_message", "ana_s"), (message.Metadata["x_event"], message.Metadata["x_screen_name"]));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1516403560557), message.SentAt);
    }

    [Fact]
    public async Task A_mention_becomes_a_message_from_the_author()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("x/mention.json")));

        var message = Assert.Single(items);
        Assert.Equal("955568264716267520", message.ProviderMessageId);
        Assert.Equal(new SenderIdentity("x", "9876543210"), Assert.Single(message.From));
        Assert.Equal("mention", message.Metadata["x_event"]);
        Assert.Equal("@shopsupport where is my order 1234?", message.Text);
    }

    [Fact]
    public async Task A_direct_message_with_a_photo_keeps_the_media_link()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes("x/direct-message-media.json")));

        var message = Assert.Single(items);
        Assert.Equal("954491830116155500", message.ProviderMessageId);
        Assert.Equal(("photo", "https://pbs.twimg.com/dm_photo/fake/box.jpg"), (message.Metadata["x_media_type"], message.Metadata["x_media_url"]));
    }

    [Theory]
    [InlineData("x/user-event-revoke.json")] // about the subscription: no for_user_id
    [InlineData("x/typing-and-read.json")]
    public async Task Deliveries_with_nothing_to_track_are_answered_200_with_nothing_queued(string fixture)
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Signed(Kit.FixtureBytes(fixture)));

        Assert.Equal(200, ack.StatusCode);
        Assert.Empty(items);
    }

    [Fact]
    public async Task A_wrong_signature_is_401()
    {
        await Kit.RejectedAsync(_adapter, Signed(Kit.FixtureBytes("x/direct-message.json"), secret: "nope"), 401);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_json_or_lacks_a_sender_is_400()
    {
        await Kit.RejectedAsync(_adapter, Signed(Encoding.UTF8.GetBytes("[1,2")), 400);
        await Kit.RejectedAsync(_adapter, Signed(Encoding.UTF8.GetBytes(
            "{\"for_user_id\":\"1\",\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"5\",\"message_create\":{}}]}")), 400);
    }
}
