using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Meta;

/// <summary>
/// <c>GET|POST /api/webhooks/meta</c>: Meta webhooks for Messenger (<c>object: page</c>), Instagram messaging
/// (<c>object: instagram</c>) and WhatsApp Cloud API (<c>object: whatsapp_business_account</c>;
/// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages).
/// GET is the subscription handshake: <c>hub.mode=subscribe</c> with the configured <c>hub.verify_token</c> is answered
/// with <c>hub.challenge</c>. POST is signed <c>X-Hub-Signature-256: sha256=hex(HMAC-SHA256(app secret, raw body))</c>.
/// Messenger/Instagram messages come from identity kind <c>messenger</c>/<c>instagram</c> (the page-scoped id);
/// WhatsApp messages from the phone (<c>from</c> is the number) and kind <c>whatsapp</c>; the message id (<c>mid</c>,
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
                var message = e.Prop("message");
                if (message?.ValueKind != JsonValueKind.Object || message.Prop("is_echo").Str() == "true")
                {
                    continue; // deliveries, reads, postbacks and our own messages echoed back
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
            var names = value.Prop("contacts").Items()
                .Where(c => c.Str("wa_id") is not null)
                .GroupBy(c => c.Str("wa_id")!)
                .ToDictionary(g => g.Key, g => g.First().Prop("profile").Prop("name").Str());

            foreach (var m in value.Prop("messages").Items())
            {
                var id = m.Str("id");
                var from = m.Str("from");
                if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(from))
                {
                    return "A WhatsApp message needs 'id' and 'from'.";
                }

                var type = m.Str("type") ?? "text";
                var media = m.Prop(type);
                var identities = new List<SenderIdentity> { new("whatsapp", from) };
                if (normalizer.Normalize(IdentityKinds.Phone, "+" + from.TrimStart('+')) is not null)
                {
                    identities.Insert(0, new SenderIdentity(IdentityKinds.Phone, "+" + from.TrimStart('+')));
                }

                messages.Add(new InboundMessage
                {
                    Source = "whatsapp",
                    ProviderMessageId = id,
                    Channel = "whatsapp",
                    SentAt = JsonRead.UnixSeconds(m.Str("timestamp")) ?? request.ReceivedAt,
                    From = identities,
                    DisplayName = names.GetValueOrDefault(from),
                    Text = m.Prop("text").Prop("body").Str() ?? media.Prop("caption").Str() ?? m.Prop("button").Prop("text").Str()
                        ?? m.Prop("interactive").Prop("button_reply").Prop("title").Str() ?? m.Prop("interactive").Prop("list_reply").Prop("title").Str(),
                    Metadata = Fields.Of(("whatsapp_type", type), ("whatsapp_phone_number_id", phoneNumberId),
                        ("whatsapp_media_id", type is "text" ? null : media.Prop("id").Str()), ("whatsapp_media_mime_type", media.Prop("mime_type").Str()),
                        ("whatsapp_context_id", m.Prop("context").Prop("id").Str())),
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

                var recipient = s.Str("recipient_id");
                var error = s.Prop("errors").Items().Select(e => (JsonElement?)e).FirstOrDefault();
                messages.Add(new InboundMessage
                {
                    Source = "whatsapp",
                    ProviderMessageId = $"{id}:{status}",
                    Kind = InboundKinds.DeliveryStatus,
                    Channel = "whatsapp",
                    SentAt = JsonRead.UnixSeconds(s.Str("timestamp")) ?? request.ReceivedAt,
                    From = recipient is null ? [] : [new SenderIdentity("whatsapp", recipient)],
                    RelatedProviderMessageId = id,
                    Status = status,
                    Metadata = Fields.Of(("error_code", error.Prop("code").Str()), ("error_title", error.Prop("title").Str()),
                        ("whatsapp_phone_number_id", phoneNumberId)),
                });
            }
        }

        return null;
    }

    private static void Add(Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            metadata[key] = value;
        }
    }
}
