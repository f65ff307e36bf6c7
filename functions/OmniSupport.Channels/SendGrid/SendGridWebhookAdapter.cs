using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.SendGrid;

/// <summary>
/// SendGrid's two webhooks:
/// <c>POST /api/webhooks/sendgrid/inbound/{secret}</c> (or <c>/inbound</c> with basic auth whose password is the secret):
/// Inbound Parse, an email from a customer, deduplicated on its Message-ID;
/// <c>POST /api/webhooks/sendgrid/events</c>: the Signed Event Webhook, delivery statuses of what we sent,
/// deduplicated on <c>sg_event_id</c>.
/// </summary>
public sealed class SendGridWebhookAdapter(
    IOptionsMonitor<SendGridOptions> options,
    ReplayWindow replayWindow,
    IdentityNormalizer normalizer) : IWebhookAdapter
{
    public string Provider => "sendgrid";

    public AdapterResult Accept(WebhookRequest request)
    {
        var segments = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["inbound", .. var rest] when rest.Length <= 1 => AcceptInbound(request, rest.FirstOrDefault()),
            ["events"] => AcceptEvents(request),
            _ => new AdapterResult.Rejected(404, "Unknown SendGrid webhook", "SendGrid webhooks are 'inbound/{secret}' and 'events'."),
        };
    }

    private AdapterResult AcceptInbound(WebhookRequest request, string? pathSecret)
    {
        var settings = options.CurrentValue;
        if (string.IsNullOrEmpty(settings.InboundSecret))
        {
            return new AdapterResult.Rejected(404, "SendGrid Inbound Parse not configured", "Channels:SendGrid:InboundSecret is not set.");
        }

        var presented = pathSecret ?? BasicPassword(request.Header("Authorization"));
        if (!Signatures.TextEquals(settings.InboundSecret, presented))
        {
            return AdapterResult.Unauthorized(pathSecret is null
                ? "Inbound Parse needs the secret as the last path segment or as the basic-auth password."
                : "The secret in the Inbound Parse URL does not match Channels:SendGrid:InboundSecret.");
        }

        var (message, problem) = InboundParseReader.Read(request, settings.InboundDomain);
        if (message is null)
        {
            return AdapterResult.Malformed(problem ?? "The email could not be read.");
        }

        return normalizer.Normalize(IdentityKinds.Email, message.From[0].Value) is null
            ? AdapterResult.Malformed("The sender is not a valid email address.")
            : new AdapterResult.Accepted([message]) { AckStatusCode = 200 };
    }

    private AdapterResult AcceptEvents(WebhookRequest request)
    {
        var key = options.CurrentValue.EventWebhookPublicKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            return new AdapterResult.Rejected(404, "SendGrid Event Webhook not configured", "Channels:SendGrid:EventWebhookPublicKey is not set.");
        }

        var timestamp = request.Header(EventWebhookSignature.TimestampHeader);
        if (timestamp is null || !EventWebhookSignature.IsValid(key, timestamp, request.Body.Span, request.Header(EventWebhookSignature.SignatureHeader)))
        {
            return AdapterResult.Unauthorized(
                $"{EventWebhookSignature.SignatureHeader} does not verify over {EventWebhookSignature.TimestampHeader} and the body with the configured public key.");
        }

        if (replayWindow.Check(timestamp) is { } stale)
        {
            return AdapterResult.Unauthorized(stale);
        }

        using var document = JsonRead.TryParse(request.Body);
        if (document?.RootElement.ValueKind != JsonValueKind.Array)
        {
            return AdapterResult.Malformed("The Event Webhook posts a JSON array of events.");
        }

        var items = new List<InboundMessage>();
        foreach (var e in document.RootElement.EnumerateArray())
        {
            var eventId = e.Str("sg_event_id");
            var name = e.Str("event");
            if (string.IsNullOrWhiteSpace(eventId) || string.IsNullOrWhiteSpace(name))
            {
                return AdapterResult.Malformed("Each event needs 'sg_event_id' and 'event'.");
            }

            var sgMessageId = e.Str("sg_message_id");
            var email = e.Str("email");
            items.Add(new InboundMessage
            {
                Source = Provider,
                ProviderMessageId = eventId,
                Kind = InboundKinds.DeliveryStatus,
                Channel = "email",
                SentAt = JsonRead.UnixSeconds(e.Str("timestamp")) ?? request.ReceivedAt,
                From = normalizer.Normalize(IdentityKinds.Email, email) is null ? [] : [new SenderIdentity(IdentityKinds.Email, email!)],
                RelatedProviderMessageId = XMessageId(sgMessageId),
                Status = name.ToLowerInvariant(),
                Metadata = Fields.Of(("sg_message_id", sgMessageId), ("reason", e.Str("reason")), ("response", e.Str("response")),
                    ("status_code", e.Str("status")), ("bounce_type", e.Str("type")), ("attempt", e.Str("attempt")), ("url", e.Str("url"))),
            });
        }

        return new AdapterResult.Accepted(items) { AckStatusCode = 200 };
    }

    /// <summary>
    /// <c>sg_message_id</c> is the <c>X-Message-Id</c> the send API returned, followed by a dot and SendGrid's routing suffix
    /// (<c>14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0</c>): the part before the first <c>.filter</c>/<c>.recvd</c> names our message.
    /// </summary>
    public static string? XMessageId(string? sgMessageId)
    {
        if (string.IsNullOrWhiteSpace(sgMessageId))
        {
            return null;
        }

        foreach (var marker in new[] { ".filter", ".recvd", ".geopod" })
        {
            var at = sgMessageId.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at > 0)
            {
                return sgMessageId[..at];
            }
        }

        return sgMessageId;
    }

    private static string? BasicPassword(string? authorization)
    {
        var encoded = Hmac.WithoutPrefix(authorization, "Basic ");
        if (encoded is null)
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
