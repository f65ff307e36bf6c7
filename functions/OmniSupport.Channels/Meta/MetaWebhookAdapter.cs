using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Channels.Meta;

/// <summary>
/// <c>GET|POST /api/webhooks/meta</c>: Meta webhooks for Messenger (<c>object: page</c>), Instagram messaging
/// (<c>object: instagram</c>) and WhatsApp Cloud API (<c>object: whatsapp_business_account</c>;
/// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages).
/// GET is the subscription handshake: <c>hub.mode=subscribe</c> with the configured <c>hub.verify_token</c> is answered
/// with <c>hub.challenge</c>. POST is signed <c>X-Hub-Signature-256: sha256=hex(HMAC-SHA256(app secret, raw body))</c>.
/// Messenger/Instagram messages come from identity kind <c>messenger</c>/<c>instagram</c> (the page-scoped id);
/// WhatsApp messages from the phone (<c>from</c> is the number) and kind <c>whatsapp</c>, and from kind
/// <c>whatsapp_user</c>, the business-scoped user id (<c>from_user_id</c>), which is all a user with a username may
/// show; the message id (<c>mid</c>,
/// <c>wamid.…</c>) is the dedupe key. WhatsApp <c>statuses</c> become delivery statuses of what we sent.
/// </summary>
public sealed class MetaWebhookAdapter(IOptionsMonitor<MetaOptions> options, IdentityNormalizer normalizer) : IWebhookAdapter
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    public string Provider => "meta";

    public AdapterResult Accept(WebhookRequest request)
    {
        var settings = options.CurrentValue;
        if (request.Path.Trim('/').Length > 0)
        {
            return new AdapterResult.Rejected(404, "Unknown Meta webhook", "The Meta webhook is /api/webhooks/meta.");
        }

        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return Handshake(request, settings);
        }

        if (string.IsNullOrEmpty(settings.AppSecret))
        {
            return new AdapterResult.Rejected(404, "Meta not configured", "Channels:Meta:AppSecret is not set.");
        }

        if (!Signatures.HexEquals(Hmac.Sha256(settings.AppSecret, request.Body.Span), Hmac.WithoutPrefix(request.Header(SignatureHeader), "sha256=")))
        {
            return AdapterResult.Unauthorized($"{SignatureHeader} is not sha256= hex HMAC-SHA256 of the body with the app secret.");
        }

        using var document = JsonRead.TryParse(request.Body);
        var root = document?.RootElement;
        var kind = root.Prop("object").Str();
        if (root?.ValueKind != JsonValueKind.Object || kind is null || root.Prop("entry")?.ValueKind != JsonValueKind.Array)
        {
            return AdapterResult.Malformed("The body is not a Meta webhook object with 'object' and 'entry'.");
        }

        var messages = new List<InboundMessage>();
        var problem = kind switch
        {
            "page" => ReadMessaging(root.Value, "messenger", request, messages),
            "instagram" => ReadMessaging(root.Value, "instagram", request, messages),
            "whatsapp_business_account" => ReadWhatsApp(root.Value, request, messages),
            _ => null,
        };
        return problem is null ? new AdapterResult.Accepted(messages) { AckStatusCode = 200 } : AdapterResult.Malformed(problem);
    }

    private static AdapterResult Handshake(WebhookRequest request, MetaOptions settings)
    {
        var mode = request.Query.GetValueOrDefault("hub.mode");
        var challenge = request.Query.GetValueOrDefault("hub.challenge");
        if (mode != "subscribe" || string.IsNullOrEmpty(challenge))
        {
            return AdapterResult.Malformed("The handshake needs hub.mode=subscribe and hub.challenge.");
        }

        if (string.IsNullOrEmpty(settings.VerifyToken) || !Signatures.TextEquals(settings.VerifyToken, request.Query.GetValueOrDefault("hub.verify_token")))
        {
            return new AdapterResult.Rejected(403, "Verify token mismatch", "hub.verify_token does not match Channels:Meta:VerifyToken.");
        }

        return new AdapterResult.Handshake(200, "text/plain", challenge);
    }

    private static string? ReadMessaging(JsonElement root, string channel, WebhookRequest request, List<InboundMessage> messages)
    {
        foreach (var entry in root.Prop("entry").Items())
        {
            foreach (var e in entry.Prop("messaging").Items())
            {
                if (e.Prop("postback")?.ValueKind == JsonValueKind.Object)
                {
                    if (Postback(e, entry, channel, request) is not { } tap)
                    {
                        return "A postback event needs 'sender.id'.";
                    }

                    messages.Add(tap);
                    continue;
                }

                if (e.Prop("reaction")?.ValueKind == JsonValueKind.Object)
                {
                    if (Reaction(e, entry, channel, request) is { } reaction)
                    {
                        messages.Add(reaction);
                    }

                    continue;
                }

                var message = e.Prop("message");
                if (message?.ValueKind != JsonValueKind.Object || message.Prop("is_echo").Str() == "true" || message.Prop("is_deleted").Str() == "true")
                {
                    continue; // deliveries, reads, our own messages echoed back, and an Instagram unsend (same mid as the message)
                }

                var mid = message.Prop("mid").Str();
                var sender = e.Prop("sender").Prop("id").Str();
                if (string.IsNullOrWhiteSpace(mid) || string.IsNullOrWhiteSpace(sender))
                {
                    return "A messaging event needs 'sender.id' and 'message.mid'.";
                }

                var metadata = Fields.Of(("page_id", e.Prop("recipient").Prop("id").Str() ?? entry.Str("id")), ("psid", sender),
                    ("reply_to_mid", message.Prop("reply_to").Prop("mid").Str()));
                var i = 0;
                foreach (var attachment in message.Prop("attachments").Items())
                {
                    Add(metadata, $"attachment_{i}_type", attachment.Str("type"));
                    Add(metadata, $"attachment_{i}_url", attachment.Prop("payload").Prop("url").Str());
                    i++;
                }

                messages.Add(new InboundMessage
                {
                    Source = channel,
                    ProviderMessageId = mid,
                    Channel = channel,
                    SentAt = JsonRead.UnixMilliseconds(e.Str("timestamp")) ?? request.ReceivedAt,
                    From = [new SenderIdentity(channel, sender)],
                    Text = message.Prop("text").Str(),
                    Metadata = metadata,
                });
            }
        }

        return null;
    }

    /// <summary>
    /// A tap on a postback button, Get Started or a persistent-menu item: the customer's choice, its title as the text.
    /// Its id is <c>postback.mid</c>; a postback without one is keyed by sender and time, which a redelivery repeats.
    /// </summary>
    private static InboundMessage? Postback(JsonElement e, JsonElement entry, string channel, WebhookRequest request)
    {
        var postback = e.Prop("postback");
        var sender = e.Prop("sender").Prop("id").Str();
        if (string.IsNullOrWhiteSpace(sender))
        {
            return null;
        }

        var timestamp = e.Str("timestamp");
        return new InboundMessage
        {
            Source = channel,
            ProviderMessageId = postback.Prop("mid").Str() is { Length: > 0 } mid ? mid : $"postback:{sender}:{timestamp}",
            Channel = channel,
            SentAt = JsonRead.UnixMilliseconds(timestamp) ?? request.ReceivedAt,
            From = [new SenderIdentity(channel, sender)],
            Text = postback.Prop("title").Str(),
            Metadata = Fields.Of(("page_id", e.Prop("recipient").Prop("id").Str() ?? entry.Str("id")), ("psid", sender),
                ("postback_payload", postback.Prop("payload").Str()), ("referral_ref", postback.Prop("referral").Prop("ref").Str())),
        };
    }

    /// <summary>
    /// An emoji put on a message (<c>message_reactions</c>): on the timeline, waiting for no answer. A reaction taken
    /// back (<c>unreact</c>) or one without sender or message is nothing said. The event has no id of its own: it is
    /// keyed by sender, message and time, which a redelivery repeats.
    /// </summary>
    private static InboundMessage? Reaction(JsonElement e, JsonElement entry, string channel, WebhookRequest request)
    {
        var reaction = e.Prop("reaction");
        var sender = e.Prop("sender").Prop("id").Str();
        var reactedTo = reaction.Prop("mid").Str();
        if (reaction.Prop("action").Str() == "unreact" || string.IsNullOrWhiteSpace(sender) || string.IsNullOrWhiteSpace(reactedTo))
        {
            return null;
        }

        var timestamp = e.Str("timestamp");
        return new InboundMessage
        {
            Source = channel,
            ProviderMessageId = $"reaction:{sender}:{reactedTo}:{timestamp}",
            Channel = channel,
            SentAt = JsonRead.UnixMilliseconds(timestamp) ?? request.ReceivedAt,
            From = [new SenderIdentity(channel, sender)],
            Text = reaction.Prop("emoji").Str() ?? reaction.Prop("reaction").Str(),
            ReactionTo = reactedTo,
            Metadata = Fields.Of(("page_id", e.Prop("recipient").Prop("id").Str() ?? entry.Str("id")), ("psid", sender),
                ("reaction_name", reaction.Prop("reaction").Str())),
        };
    }

    private string? ReadWhatsApp(JsonElement root, WebhookRequest request, List<InboundMessage> messages)
    {
        foreach (var change in root.Prop("entry").Items().SelectMany(e => e.Prop("changes").Items()))
        {
            if (change.Str("field") != "messages")
            {
                continue;
            }

            var value = change.Prop("value");
            var phoneNumberId = value.Prop("metadata").Prop("phone_number_id").Str();
            var contacts = value.Prop("contacts").Items().ToList();

            foreach (var m in value.Prop("messages").Items())
            {
                var id = m.Str("id");
                var from = NullIfBlank(m.Str("from"));
                var contact = ContactOf(contacts, from, m.Str("from_user_id"));
                var userId = NullIfBlank(m.Str("from_user_id") ?? contact.Prop("user_id").Str());
                if (string.IsNullOrWhiteSpace(id) || (from is null && userId is null))
                {
                    return "A WhatsApp message needs 'id' and 'from' (the phone number) or 'from_user_id' (the business-scoped user id).";
                }

                var type = m.Str("type") ?? "text";
                var media = m.Prop(type);
                if (type == "reaction" && string.IsNullOrEmpty(media.Prop("emoji").Str()))
                {
                    continue; // a reaction taken back: nothing was said
                }

                var identities = new List<SenderIdentity>();
                if (from is not null)
                {
                    if (normalizer.Normalize(IdentityKinds.Phone, "+" + from.TrimStart('+')) is not null)
                    {
                        identities.Add(new SenderIdentity(IdentityKinds.Phone, "+" + from.TrimStart('+')));
                    }

                    identities.Add(new SenderIdentity(OutboundChannels.WhatsApp, from));
                }

                if (userId is not null)
                {
                    identities.Add(new SenderIdentity(OutboundChannels.WhatsAppUser, userId));
                }

                var profile = contact.Prop("profile");

                messages.Add(new InboundMessage
                {
                    Source = "whatsapp",
                    ProviderMessageId = id,
                    Channel = "whatsapp",
                    SentAt = JsonRead.UnixSeconds(m.Str("timestamp")) ?? request.ReceivedAt,
                    From = identities,
                    DisplayName = profile.Prop("name").Str() ?? profile.Prop("username").Str(),
                    Text = WhatsAppText(m, type, media),
                    ReactionTo = type == "reaction" ? media.Prop("message_id").Str() : null,
                    Metadata = Fields.Of(("whatsapp_type", type), ("whatsapp_phone_number_id", phoneNumberId),
                        ("whatsapp_media_id", type is "text" ? null : media.Prop("id").Str()), ("whatsapp_media_mime_type", media.Prop("mime_type").Str()),
                        ("whatsapp_file_name", media.Prop("filename").Str()), ("whatsapp_context_id", m.Prop("context").Prop("id").Str()),
                        ("whatsapp_latitude", media.Prop("latitude").Str()), ("whatsapp_longitude", media.Prop("longitude").Str()),
                        ("whatsapp_username", profile.Prop("username").Str()), ("whatsapp_parent_user_id", m.Str("from_parent_user_id") ?? contact.Prop("parent_user_id").Str())),
                });
            }

            foreach (var s in value.Prop("statuses").Items())
            {
                var id = s.Str("id");
                var status = s.Str("status");
                if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(status))
                {
                    return "A WhatsApp status needs 'id' and 'status'.";
                }

                var recipient = NullIfBlank(s.Str("recipient_id"));
                var recipientUserId = NullIfBlank(s.Str("recipient_user_id"));
                var error = s.Prop("errors").Items().Select(e => (JsonElement?)e).FirstOrDefault();
                messages.Add(new InboundMessage
                {
                    Source = "whatsapp",
                    ProviderMessageId = $"{id}:{status}",
                    Kind = InboundKinds.DeliveryStatus,
                    Channel = "whatsapp",
                    SentAt = JsonRead.UnixSeconds(s.Str("timestamp")) ?? request.ReceivedAt,
                    From = [.. new[] { (OutboundChannels.WhatsApp, recipient), (OutboundChannels.WhatsAppUser, recipientUserId) }
                        .Where(r => r.Item2 is not null).Select(r => new SenderIdentity(r.Item1, r.Item2!))],
                    RelatedProviderMessageId = id,
                    Status = status,
                    Metadata = Fields.Of(("error_code", error.Prop("code").Str()), ("error_title", error.Prop("title").Str()),
                        ("whatsapp_phone_number_id", phoneNumberId)),
                });
            }
        }

        return null;
    }

    /// <summary>What the customer said, by message type: a location, shared contacts or a reaction have no body of their own.</summary>
    private static string? WhatsAppText(JsonElement m, string type, JsonElement? media) => type switch
    {
        "location" => string.Join(", ", new[] { media.Prop("name").Str(), media.Prop("address").Str() }.Where(p => !string.IsNullOrWhiteSpace(p)))
            is { Length: > 0 } place ? place : $"{media.Prop("latitude").Str()}, {media.Prop("longitude").Str()}",
        "contacts" => string.Join("\n", m.Prop("contacts").Items().Select(c => string.Join(" ",
            new[] { c.Prop("name").Prop("formatted_name").Str() }.Concat(c.Prop("phones").Items().Select(p => p.Str("phone"))).Where(p => !string.IsNullOrWhiteSpace(p))))),
        "reaction" => media.Prop("emoji").Str(),
        "system" => media.Prop("body").Str(),
        _ => m.Prop("text").Prop("body").Str() ?? media.Prop("caption").Str() ?? m.Prop("button").Prop("text").Str()
            ?? m.Prop("interactive").Prop("button_reply").Prop("title").Str() ?? m.Prop("interactive").Prop("list_reply").Prop("title").Str(),
    };

    /// <summary>
    /// The <c>contacts</c> entry of the message's sender: by WhatsApp id, else by business-scoped user id (a user with a
    /// username may have no phone number in the webhook), else the only one there is.
    /// </summary>
    private static JsonElement? ContactOf(List<JsonElement> contacts, string? waId, string? userId) =>
        contacts.Select(c => (JsonElement?)c).FirstOrDefault(c => waId is not null && c.Prop("wa_id").Str() == waId)
        ?? contacts.Select(c => (JsonElement?)c).FirstOrDefault(c => userId is not null && c.Prop("user_id").Str() == userId)
        ?? (contacts.Count == 1 ? contacts[0] : null);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static void Add(Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            metadata[key] = value;
        }
    }
}
