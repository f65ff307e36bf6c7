using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Channels.SendGrid;

/// <summary>
/// Reads what SendGrid Inbound Parse posts (https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook):
/// <c>multipart/form-data</c> with either the parsed fields (<c>from</c>, <c>to</c>, <c>cc</c>, <c>subject</c>, <c>text</c>, <c>html</c>,
/// <c>headers</c>, <c>envelope</c>, <c>charsets</c>, <c>attachments</c>, <c>attachment-info</c> and the files
/// <c>attachment1..N</c>) or, with "POST the raw, full MIME message" on, the whole message in the field <c>email</c>.
/// Parsing is pure: MimeKit reads the posted bytes from memory.
/// </summary>
public static partial class InboundParseReader
{
    private const int MaxReferences = 20;

    static InboundParseReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public sealed record Result(InboundMessage? Message, string? Problem);

    public static Result Read(WebhookRequest request, string? inboundDomain)
    {
        if (!ContentType.TryParse(request.ContentType ?? "", out var type) || !type.IsMimeType("multipart", "form-data") || string.IsNullOrEmpty(type.Boundary))
        {
            return new Result(null, "Inbound Parse posts multipart/form-data with a boundary; the body is of another type.");
        }

        // MimeKit reads a body cut short as far as it goes; a form without its closing delimiter is not
        // the whole form (a message missing its attachments or text must not be stored as if complete).
        if (request.Body.Span.LastIndexOf(Encoding.ASCII.GetBytes("--" + type.Boundary + "--")) < 0)
        {
            return new Result(null, "The multipart body ends before its closing boundary: it was cut short.");
        }

        using var stream = new MemoryStream(request.Body.ToArray(), writable: false);
        if (MimeEntity.Load(type, stream) is not Multipart multipart)
        {
            return new Result(null, "The multipart body could not be read.");
        }

        var raw = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        var files = new Dictionary<string, MimePart>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in multipart.OfType<MimePart>())
        {
            if (part.ContentDisposition is null || !part.ContentDisposition.Parameters.TryGetValue("name", out string? name) || name is null)
            {
                continue;
            }

            if (part.FileName is not null && !name.Equals("email", StringComparison.OrdinalIgnoreCase))
            {
                files[name] = part;
            }
            else
            {
                raw[name] = Bytes(part);
            }
        }

        var charsets = ReadCharsets(raw);
        string? Field(string name) => raw.TryGetValue(name, out var bytes) ? Decode(bytes, charsets.GetValueOrDefault(name)) : null;

        var email = raw.GetValueOrDefault("email");
        return email is not null
            ? FromRawMime(email, Field, request, inboundDomain)
            : FromParsedFields(Field, files, request, inboundDomain);
    }

    private static Result FromRawMime(byte[] email, Func<string, string?> field, WebhookRequest request, string? inboundDomain)
    {
        using var stream = new MemoryStream(email, writable: false);
        var mime = MimeMessage.Load(stream);
        var sender = mime.From.Mailboxes.FirstOrDefault();
        var attachments = mime.Attachments.OfType<MimePart>()
            .Select((part, i) => new InboundAttachment(part.FileName ?? $"attachment{i + 1}", part.ContentType.MimeType, Convert.ToBase64String(Bytes(part))))
            .ToList();
        return Build(
            sender?.Address, sender?.Name, mime.Subject, mime.TextBody ?? HtmlToText(mime.HtmlBody),
            mime.MessageId, mime.InReplyTo, mime.References,
            mime.To.Mailboxes.Concat(mime.Cc.Mailboxes).Select(m => m.Address).Concat(EnvelopeTo(field("envelope"))).ToList(),
            attachments, email, SentAt(mime), request, inboundDomain, "raw",
            ("spam_score", field("spam_score")), ("spf", field("SPF"))); // raw mode posts these beside 'email' too
    }

    private static Result FromParsedFields(Func<string, string?> field, Dictionary<string, MimePart> files, WebhookRequest request, string? inboundDomain)
    {
        // The headers field is the raw header block: MimeKit reads the ids (and the sender when 'from' is missing) from it.
        MimeMessage? headers = null;
        if (field("headers") is { Length: > 0 } headerText)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(headerText.TrimEnd() + "\r\n\r\n"), writable: false);
            headers = MimeMessage.Load(stream);
        }

        var from = InternetAddressList.TryParse(field("from") ?? "", out var fromList)
            ? fromList.Mailboxes.FirstOrDefault()
            : headers?.From.Mailboxes.FirstOrDefault();
        var recipients = new List<string>();
        foreach (var name in new[] { "to", "cc" })
        {
            if (InternetAddressList.TryParse(field(name) ?? "", out var list))
            {
                recipients.AddRange(list.Mailboxes.Select(m => m.Address));
            }
        }

        recipients.AddRange(EnvelopeTo(field("envelope")));
        var info = ReadAttachmentInfo(field("attachment-info"));
        var attachments = files
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f =>
            {
                var described = info.GetValueOrDefault(f.Key);
                return new InboundAttachment(
                    described?.FileName ?? f.Value.FileName ?? f.Key,
                    described?.Type ?? f.Value.ContentType.MimeType,
                    Convert.ToBase64String(Bytes(f.Value)));
            })
            .ToList();

        var text = field("text");
        var signature = Encoding.UTF8.GetBytes(string.Concat(field("headers"), field("text"), field("html")));
        return Build(
            from?.Address, from?.Name, field("subject") ?? headers?.Subject, string.IsNullOrEmpty(text) ? HtmlToText(field("html")) : text,
            headers?.MessageId, headers?.InReplyTo, headers?.References ?? [],
            recipients, attachments, signature, headers is null ? null : SentAt(headers), request, inboundDomain, "parsed",
            ("spam_score", field("spam_score")), ("spf", field("SPF")));
    }

    private static Result Build(
        string? fromAddress,
        string? fromName,
        string? subject,
        string? text,
        string? messageId,
        string? inReplyTo,
        IEnumerable<string> references,
        List<string> recipients,
        List<InboundAttachment> attachments,
        byte[] content,
        DateTimeOffset? sentAt,
        WebhookRequest request,
        string? inboundDomain,
        string mode,
        params (string Key, string? Value)[] extra)
    {
        if (string.IsNullOrWhiteSpace(fromAddress))
        {
            return new Result(null, "The email has no sender address ('from').");
        }

        // Message-ID is the dedupe key; a message without one (rare, non-conforming) is keyed by its content.
        var id = string.IsNullOrWhiteSpace(messageId)
            ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content))[..40]
            : messageId.Trim().Trim('<', '>');
        var answers = new List<string>();
        if (!string.IsNullOrWhiteSpace(inReplyTo))
        {
            answers.Add(inReplyTo.Trim().Trim('<', '>'));
        }

        var thread = references.Select(r => r.Trim().Trim('<', '>')).Where(r => r.Length > 0).ToList();
        answers.AddRange(Enumerable.Reverse(thread));

        // What a reply's References starts with (RFC 5322 §3.6.4): this message's References, or its
        // In-Reply-To when it has none; the newest ids are kept when a long thread would bloat the row.
        var replyThread = (thread.Count > 0 ? thread : answers).TakeLast(MaxReferences).Select(r => $"<{r}>");
        var metadata = Fields.Of([("message_id", id), ("to", Within(recipients.Distinct(StringComparer.OrdinalIgnoreCase), InboundLimits.MaxMetadataValueLength)),
            (OutboundMetadata.EmailReferences, string.Join(' ', replyThread)),
            ("inbound_parse_mode", mode), .. extra]);

        return new Result(new InboundMessage
        {
            Source = "sendgrid",
            ProviderMessageId = id,
            Channel = "email",
            SentAt = sentAt ?? request.ReceivedAt,
            From = [new SenderIdentity(IdentityKinds.Email, fromAddress)],
            DisplayName = string.IsNullOrWhiteSpace(fromName) ? null : fromName,
            Subject = subject,
            Text = text,
            InReplyTo = answers.Distinct(StringComparer.Ordinal).ToList(),
            ConversationHint = ReplyAddress.FindToken(recipients, inboundDomain),
            Attachments = attachments,
            Metadata = metadata,
        }, null);
    }

    /// <summary>
    /// The recipients as one metadata value, as many as fit its limit: an email copied to a long list must not be refused
    /// for a field we derive (the reply token is read from the full list, not from this).
    /// </summary>
    private static string Within(IEnumerable<string> recipients, int max)
    {
        var text = new StringBuilder();
        foreach (var address in recipients)
        {
            if (text.Length + address.Length + 2 > max)
            {
                break;
            }

            text.Append(text.Length == 0 ? "" : ", ").Append(address);
        }

        return text.ToString();
    }

    /// <summary>
    /// The email's own Date header: a redelivery of the same email then carries the same time (the timeline row
    /// is keyed by time and id), where the receive time would differ. Null when the header is missing.
    /// </summary>
    private static DateTimeOffset? SentAt(MimeMessage message) =>
        message.Headers.Contains(HeaderId.Date) && message.Date > DateTimeOffset.MinValue ? message.Date : null;

    private static byte[] Bytes(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        return buffer.ToArray();
    }

    private static Dictionary<string, string> ReadCharsets(Dictionary<string, byte[]> raw)
    {
        if (!raw.TryGetValue("charsets", out var bytes))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(bytes) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Decode(byte[] bytes, string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        try
        {
            return Encoding.GetEncoding(charset.Trim()).GetString(bytes);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8.GetString(bytes);
        }
    }

    private static IEnumerable<string> EnvelopeTo(string? envelope)
    {
        if (string.IsNullOrWhiteSpace(envelope))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(envelope);
            return document.RootElement.Prop("to").Items().Select(e => e.AsText()).OfType<string>().ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record AttachmentInfo(string? FileName, string? Type);

    private static Dictionary<string, AttachmentInfo> ReadAttachmentInfo(string? json)
    {
        var info = new Dictionary<string, AttachmentInfo>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json))
        {
            return info;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in document.RootElement.EnumerateObject())
                {
                    info[entry.Name] = new AttachmentInfo(entry.Value.Str("filename") ?? entry.Value.Str("name"), entry.Value.Str("type"));
                }
            }
        }
        catch (JsonException)
        {
            // attachment-info is a courtesy: the parts carry their own names and types.
        }

        return info;
    }

    /// <summary>Plain text from an HTML-only email: tags dropped, entities decoded, blank runs collapsed.</summary>
    private static string? HtmlToText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var text = Tags().Replace(Blocks().Replace(html, "\n"), "");
        return Blank().Replace(WebUtility.HtmlDecode(text), "\n\n").Trim();
    }

    [GeneratedRegex(@"<(br|/p|/div|/li|/tr|/h\d)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Blocks();

    [GeneratedRegex(@"<(script|style)\b.*?</\1>|<[^>]+>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n\s*\n\s*(\n\s*)*")]
    private static partial Regex Blank();
}
