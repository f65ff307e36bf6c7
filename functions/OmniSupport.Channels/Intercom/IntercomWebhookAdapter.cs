using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Intercom;

/// <summary>
/// <c>POST /api/webhooks/intercom</c>: Intercom webhook notifications
/// (https://developers.intercom.com/docs/references/webhooks/webhook-models), signed
/// <c>X-Hub-Signature: sha1=hex(HMAC-SHA1(client secret, raw body))</c>.
/// <c>conversation.user.created</c> and <c>conversation.user.replied</c> become messages from the contact
/// (identity kind <c>intercom</c> = the contact id, plus the email when Intercom sends it), with the Intercom
/// conversation id in metadata (<c>intercom_conversation_id</c>) for the reply sender; the notification id is the dedupe key.
/// <c>ping</c> and every other topic are acknowledged with 200 and nothing queued.
/// </summary>
public sealed partial class IntercomWebhookAdapter(IOptionsMonitor<IntercomOptions> options) : IWebhookAdapter
{
    public const string SignatureHeader = "X-Hub-Signature";
    public const string IdentityKind = "intercom";

    private const int MaxAttachments = 10;

    private static readonly HashSet<string> ContactTypes = new(StringComparer.OrdinalIgnoreCase) { "user", "lead", "contact" };

    public string Provider => "intercom";

    public AdapterResult Accept(WebhookRequest request)
    {
        var secret = options.CurrentValue.ClientSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return new AdapterResult.Rejected(404, "Intercom not configured", "Channels:Intercom:ClientSecret is not set.");
        }

        if (!Signatures.HexEquals(Hmac.Sha1(secret, request.Body.Span), Hmac.WithoutPrefix(request.Header(SignatureHeader), "sha1=")))
        {
            return AdapterResult.Unauthorized($"{SignatureHeader} is not sha1= HMAC-SHA1 of the body with the app's client secret.");
        }

        using var document = JsonRead.TryParse(request.Body);
        var root = document?.RootElement;
        if (root?.ValueKind != JsonValueKind.Object)
        {
            return AdapterResult.Malformed("The body is not a JSON notification object.");
        }

        var topic = root.Prop("topic").Str();
        var id = root.Prop("id").Str();
        if (string.IsNullOrWhiteSpace(topic))
        {
            return AdapterResult.Malformed("The notification has no 'topic'.");
        }

        if (topic is not ("conversation.user.created" or "conversation.user.replied"))
        {
            return new AdapterResult.Accepted([]) { AckStatusCode = 200 };
        }

        var item = root.Prop("data").Prop("item");
        var conversationId = item.Prop("id").Str();
        if (string.IsNullOrWhiteSpace(id) || item?.ValueKind != JsonValueKind.Object || string.IsNullOrWhiteSpace(conversationId))
        {
            return AdapterResult.Malformed("A conversation notification needs 'id' and 'data.item' with the conversation's 'id'.");
        }

        var part = topic == "conversation.user.created" ? OpeningPart(item.Value) : LastContactPart(item.Value);
        var author = part?.Prop("author");
        var contact = ContactTypes.Contains(author.Prop("type").Str() ?? "") ? author : FirstContact(item.Value);
        var contactId = contact.Prop("id").Str();
        var email = contact.Prop("email").Str() ?? item.Prop("user").Prop("email").Str(); // 1.x: the author carries only an id
        if (string.IsNullOrWhiteSpace(contactId) && string.IsNullOrWhiteSpace(email))
        {
            return AdapterResult.Malformed("The conversation names no contact (author or contacts) to attribute the message to.");
        }

        var identities = new List<SenderIdentity>();
        if (!string.IsNullOrWhiteSpace(email))
        {
            identities.Add(new SenderIdentity(IdentityKinds.Email, email));
        }

        if (!string.IsNullOrWhiteSpace(contactId))
        {
            identities.Add(new SenderIdentity(IdentityKind, contactId));
        }

        var metadata = Fields.Of(("intercom_conversation_id", conversationId), ("intercom_part_id", part.Prop("id").Str()),
            ("intercom_topic", topic), ("intercom_contact_id", contactId), ("intercom_app_id", root.Prop("app_id").Str()));
        var i = 0;
        foreach (var attachment in part.Prop("attachments").Items().Take(MaxAttachments))
        {
            // Files stay at Intercom (fetching them is I/O, not done on the request path): a photo-only reply keeps its link.
            foreach (var (key, value) in Fields.Of(("url", attachment.Str("url")), ("name", attachment.Str("name")), ("content_type", attachment.Str("content_type"))))
            {
                metadata[$"attachment_{i}_{key}"] = value;
            }

            i++;
        }

        var createdAt = JsonRead.UnixSeconds(part.Prop("created_at").Str())
            ?? JsonRead.UnixSeconds(item.Prop(topic == "conversation.user.created" ? "created_at" : "updated_at").Str())
            ?? JsonRead.UnixSeconds(root.Prop("created_at").Str());
        return new AdapterResult.Accepted([new InboundMessage
        {
            Source = Provider,
            ProviderMessageId = id,
            Channel = "chat",
            SentAt = createdAt ?? request.ReceivedAt,
            From = identities,
            DisplayName = contact.Prop("name").Str() ?? item.Prop("user").Prop("name").Str(),
            Text = HtmlToText(part.Prop("body").Str()),
            Subject = NullIfEmpty(part.Prop("subject").Str()),
            Metadata = metadata,
        }]) { AckStatusCode = 200 };
    }

    /// <summary>The message that opened the conversation: <c>source</c> (API 2.x) or <c>conversation_message</c> (1.x).</summary>
    private static JsonElement? OpeningPart(JsonElement item) => item.Prop("source") ?? item.Prop("conversation_message");

    /// <summary>
    /// The newest part a contact wrote (a reply notification carries the parts since the last one). A reply that reopens a
    /// closed or snoozed conversation is a part of type <c>open</c> with the contact's body, not a <c>comment</c>.
    /// </summary>
    private static JsonElement? LastContactPart(JsonElement item)
    {
        var parts = item.Prop("conversation_parts").Prop("conversation_parts").Items()
            .Where(p => ContactTypes.Contains(p.Prop("author").Prop("type").Str() ?? "")
                && (p.Prop("part_type").Str() is null or "comment" || (p.Prop("part_type").Str() == "open" && !string.IsNullOrWhiteSpace(p.Prop("body").Str()))))
            .ToList();
        return parts.Count > 0 ? parts[^1] : OpeningPart(item);
    }

    /// <summary>The contact when the author carries no identity: <c>contacts.contacts[0]</c> (2.x) or <c>user</c> (1.x).</summary>
    private static JsonElement? FirstContact(JsonElement item) =>
        item.Prop("contacts").Prop("contacts").Items().Select(c => (JsonElement?)c).FirstOrDefault() ?? item.Prop("user");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Intercom bodies are HTML (<c>&lt;p&gt;Hi&lt;/p&gt;</c>): the timeline keeps the text.</summary>
    private static string? HtmlToText(string? html) =>
        html is null ? null : WebUtility.HtmlDecode(Tags().Replace(Breaks().Replace(html, "\n"), "")).Trim();

    [GeneratedRegex(@"<br\s*/?>|</p>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();
}
