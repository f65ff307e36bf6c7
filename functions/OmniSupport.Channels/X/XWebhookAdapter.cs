using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.X;

/// <summary>
/// <c>GET|POST /api/webhooks/x</c>: the X Account Activity API (https://docs.x.com/x-api/account-activity/introduction).
/// GET answers the challenge-response check: <c>{"response_token":"sha256=" + base64(HMAC-SHA256(consumer secret, crc_token))}</c>.
/// POST deliveries are signed <c>x-twitter-webhooks-signature: sha256=base64(HMAC-SHA256(consumer secret, raw body))</c>.
/// <c>direct_message_events</c> (<c>message_create</c>) and <c>tweet_create_events</c> (mentions) become messages from identity
/// kind <c>x</c> = the sender's numeric user id (its screen name is in metadata); what the subscribed account
/// (<c>for_user_id</c>) sent itself is skipped. Each event's id is the dedupe key.
/// </summary>
public sealed class XWebhookAdapter(IOptionsMonitor<XOptions> options) : IWebhookAdapter
{
    public const string SignatureHeader = "x-twitter-webhooks-signature";
    public const string IdentityKind = "x";

    public string Provider => "x";

    public AdapterResult Accept(WebhookRequest request)
    {
        var secret = options.CurrentValue.ConsumerSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return new AdapterResult.Rejected(404, "X not configured", "Channels:X:ConsumerSecret is not set.");
        }

        if (request.Path.Trim('/').Length > 0)
        {
            return new AdapterResult.Rejected(404, "Unknown X webhook", "The X webhook is /api/webhooks/x.");
        }

        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            var token = request.Query.GetValueOrDefault("crc_token");
            return string.IsNullOrEmpty(token)
                ? AdapterResult.Malformed("A GET to the X webhook is a challenge-response check and needs 'crc_token'.")
                : new AdapterResult.Handshake(200, "application/json", JsonSerializer.Serialize(new { response_token = CrcResponse(secret, token) }));
        }

        if (!Signatures.Base64Equals(Hmac.Sha256(secret, request.Body.Span), Hmac.WithoutPrefix(request.Header(SignatureHeader), "sha256=")))
        {
            return AdapterResult.Unauthorized($"{SignatureHeader} is not sha256= base64 HMAC-SHA256 of the body with the consumer secret.");
        }

        using var document = JsonRead.TryParse(request.Body);
        var root = document?.RootElement;
        if (root?.ValueKind != JsonValueKind.Object)
        {
            return AdapterResult.Malformed("The body is not an Account Activity JSON object.");
        }

        // Every delivery of account events names the subscribed account. The deliveries about the subscription itself
        // carry none: user_event (the user revoked the app) and replay_job_status (a replay finished); they are
        // acknowledged, as X retries what is not answered 2xx. Any other signed object without it is not X's.
        var self = root.Prop("for_user_id").Str();
        if (string.IsNullOrWhiteSpace(self))
        {
            return root.Prop("user_event") is not null || root.Prop("replay_job_status") is not null
                ? new AdapterResult.Accepted([]) { AckStatusCode = 200 }
                : AdapterResult.Malformed("An Account Activity event names the subscribed account in 'for_user_id'.");
        }

        var messages = new List<InboundMessage>();
        foreach (var dm in root.Prop("direct_message_events").Items())
        {
            if (dm.Str("type") != "message_create")
            {
                continue;
            }

            var id = dm.Str("id");
            var create = dm.Prop("message_create");
            var sender = create.Prop("sender_id").Str();
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(sender))
            {
                return AdapterResult.Malformed("A message_create event needs 'id' and 'message_create.sender_id'.");
            }

            if (sender == self)
            {
                continue; // our own DM, echoed back to the subscribed account
            }

            var user = root.Prop("users").Prop(sender);
            var media = create.Prop("message_data").Prop("attachment").Prop("media");
            messages.Add(new InboundMessage
            {
                Source = Provider,
                ProviderMessageId = id,
                Channel = "x",
                SentAt = JsonRead.UnixMilliseconds(dm.Str("created_timestamp")) ?? request.ReceivedAt,
                From = [new SenderIdentity(IdentityKind, sender)],
                DisplayName = user.Prop("name").Str(),
                Text = create.Prop("message_data").Prop("text").Str(),
                Metadata = Fields.Of(("x_event", "direct_message"), ("x_user_id", sender), ("x_screen_name", user.Prop("screen_name").Str()),
                    ("x_recipient_id", create.Prop("target").Prop("recipient_id").Str()), ("x_for_user_id", self),
                    ("x_media_type", media.Prop("type").Str()), ("x_media_url", media.Prop("media_url_https").Str() ?? media.Prop("media_url").Str()),
                    ("x_quick_reply", create.Prop("message_data").Prop("quick_reply_response").Prop("metadata").Str())),
            });
        }

        foreach (var tweet in root.Prop("tweet_create_events").Items())
        {
            var id = tweet.Str("id_str");
            var user = tweet.Prop("user");
            var userId = user.Prop("id_str").Str();
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(userId))
            {
                return AdapterResult.Malformed("A tweet_create event needs 'id_str' and 'user.id_str'.");
            }

            if (userId == self || tweet.Prop("retweeted_status")?.ValueKind == JsonValueKind.Object)
            {
                continue; // the account's own posts and retweets are not customers writing to us
            }

            messages.Add(new InboundMessage
            {
                Source = Provider,
                ProviderMessageId = id,
                Channel = "x",
                SentAt = JsonRead.UnixMilliseconds(tweet.Str("timestamp_ms")) ?? request.ReceivedAt,
                From = [new SenderIdentity(IdentityKind, userId)],
                DisplayName = user.Prop("name").Str(),
                Text = tweet.Prop("extended_tweet").Prop("full_text").Str() ?? tweet.Str("text"),
                Metadata = Fields.Of(("x_event", "mention"), ("x_user_id", userId), ("x_screen_name", user.Prop("screen_name").Str()),
                    ("x_tweet_id", id), ("x_in_reply_to_status_id", tweet.Str("in_reply_to_status_id_str")), ("x_for_user_id", self)),
            });
        }

        return new AdapterResult.Accepted(messages) { AckStatusCode = 200 };
    }

    public static string CrcResponse(string consumerSecret, string crcToken) =>
        "sha256=" + Convert.ToBase64String(Hmac.Sha256(consumerSecret, crcToken));
}
