using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Generic;

/// <summary>
/// <c>POST /api/webhooks/generic/{source}</c>: the hub's own envelope, signed with the source's secret:
/// <c>X-OmniSupport-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{raw body}"))</c> and
/// <c>X-OmniSupport-Timestamp: unix seconds</c>. The timestamp is inside the MAC, so a captured
/// request cannot be replayed with a fresh one.
/// </summary>
public sealed class GenericWebhookAdapter(
    IOptionsMonitor<GenericOptions> options,
    ReplayWindow replayWindow,
    IdentityNormalizer normalizer) : IWebhookAdapter
{
    public const string SignatureHeader = "X-OmniSupport-Signature";
    public const string TimestampHeader = "X-OmniSupport-Timestamp";

    public string Provider => "generic";

    public AdapterResult Accept(WebhookRequest request)
    {
        // Source names are case-insensitive and stored lower-case: /demo, /DEMO and /Demo are one source,
        // so one message posted to each is deduplicated as one.
        var sourceName = request.Path.Trim('/').ToLowerInvariant();
        if (!IsSourceName(sourceName) || !options.CurrentValue.Sources.TryGetValue(sourceName, out var source) || string.IsNullOrEmpty(source.Secret))
        {
            return new AdapterResult.Rejected(404, "Unknown source", "No generic source of that name is configured (Channels:Generic:Sources).");
        }

        var timestamp = request.Header(TimestampHeader);
        if (!Signatures.HexEquals(Sign(source.Secret, timestamp ?? "", request.Body.Span), StripPrefix(request.Header(SignatureHeader))))
        {
            return AdapterResult.Unauthorized($"{SignatureHeader} does not match the body and timestamp signed with the source's secret.");
        }

        if (replayWindow.Check(timestamp) is { } stale)
        {
            return AdapterResult.Unauthorized(stale);
        }

        if (System.Text.Unicode.Utf8.IsValid(request.Body.Span) is false)
        {
            return AdapterResult.Malformed("The body is not UTF-8; JSON must be (RFC 8259, section 8.1).");
        }

        GenericEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<GenericEnvelope>(request.Body.Span, GenericEnvelope.Json);
        }
        catch (JsonException ex)
        {
            return AdapterResult.Malformed($"The body is not valid JSON for the generic envelope: {ex.Message}");
        }

        if (envelope is null)
        {
            return AdapterResult.Malformed("The body is empty.");
        }

        return Validate(envelope) is { } problem
            ? AdapterResult.Malformed(problem)
            : new AdapterResult.Accepted([ToMessage(sourceName, envelope, request.ReceivedAt)]);
    }

    /// <summary>What a configured source may be called: it becomes part of every dedupe key.</summary>
    public static bool IsSourceName(string name) =>
        OmniSupport.Core.Common.TextRules.IsLowerToken(name, 48);

    public static byte[] Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }

    private static string? StripPrefix(string? header) =>
        header is not null && header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? header[7..] : header;

    private string? Validate(GenericEnvelope e)
    {
        if (string.IsNullOrWhiteSpace(e.Channel))
        {
            return "'channel' is required.";
        }

        if (string.IsNullOrWhiteSpace(e.MessageId))
        {
            return "'messageId' is required: it is what makes a redelivery harmless.";
        }

        if (e.MessageId.Length > 256)
        {
            return "'messageId' is longer than 256 characters.";
        }

        if (e.From is null || !Identities(e.From).Any(i => normalizer.Normalize(i.Kind, i.Value) is not null))
        {
            return "'from' needs at least one valid identity (email, phone, account or a handle).";
        }

        return null;
    }

    private static IEnumerable<SenderIdentity> Identities(GenericSender from)
    {
        if (!string.IsNullOrWhiteSpace(from.Account))
        {
            yield return new SenderIdentity(IdentityKinds.Account, from.Account);
        }

        if (!string.IsNullOrWhiteSpace(from.Email))
        {
            yield return new SenderIdentity(IdentityKinds.Email, from.Email);
        }

        if (!string.IsNullOrWhiteSpace(from.Phone))
        {
            yield return new SenderIdentity(IdentityKinds.Phone, from.Phone);
        }

        foreach (var (kind, value) in from.Handles ?? [])
        {
            yield return new SenderIdentity(kind, value);
        }
    }

    private static InboundMessage ToMessage(string source, GenericEnvelope e, DateTimeOffset receivedAt) => new()
    {
        Source = $"generic:{source}",
        ProviderMessageId = e.MessageId!,
        Channel = e.Channel!.Trim().ToLowerInvariant(),
        SentAt = e.SentAt ?? receivedAt,
        From = Identities(e.From!).ToList(),
        DisplayName = e.From!.Name,
        Text = e.Text,
        Subject = e.Subject,
        Metadata = e.Metadata ?? [],
        InReplyTo = e.InReplyTo ?? [],
        ConversationHint = e.ConversationId,
    };
}
