using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Twilio;

/// <summary>
/// <c>POST /api/webhooks/twilio/sms</c> (Messaging "A message comes in"), <c>POST /api/webhooks/twilio/status</c>
/// (the StatusCallback of messages we sent) and <c>POST /api/webhooks/twilio/voice</c> (Voice status callback). All three are form-encoded (query parameters for a webhook set to HTTP GET) and signed with <c>X-Twilio-Signature</c> over the public URL
/// (<c>Api:PublicBaseUrl</c> + path + query) and the sorted POST parameters.
/// MMS media stay at Twilio: the adapter does no I/O on the request path, so each <c>MediaUrl{N}</c> and
/// <c>MediaContentType{N}</c> is carried in the timeline event's metadata (<c>media_{N}_url</c>, <c>media_{N}_content_type</c>)
/// for an agent or a later job to fetch with the account's credentials.
/// </summary>
public sealed class TwilioWebhookAdapter(IOptionsMonitor<TwilioOptions> options, IdentityNormalizer normalizer) : IWebhookAdapter
{
    /// <summary>An empty TwiML document: Twilio takes it as "nothing to send back".</summary>
    public const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    /// <summary>Call statuses that end a call; earlier progress callbacks (ringing, in-progress) are acknowledged and dropped.</summary>
    private static readonly HashSet<string> TerminalCallStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        "completed", "busy", "no-answer", "failed", "canceled",
    };

    public string Provider => "twilio";

    public AdapterResult Accept(WebhookRequest request)
    {
        var kind = request.Path.Trim('/').ToLowerInvariant();
        if (kind is not ("sms" or "status" or "voice"))
        {
            return new AdapterResult.Rejected(404, "Unknown Twilio webhook", $"Twilio webhooks are 'sms', 'status' and 'voice', not '{kind}'.");
        }

        var token = options.CurrentValue.AuthToken;
        if (string.IsNullOrEmpty(token))
        {
            return new AdapterResult.Rejected(404, "Twilio not configured", "Channels:Twilio:AuthToken is not set, so no Twilio webhook can be verified.");
        }

        // A webhook configured with HTTP GET carries its parameters in the query, which the signed URL already covers.
        var isGet = string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase);
        var isForm = isGet || FormBody.IsForm(request.ContentType);
        if (!isForm && !TwilioSignature.HasBodyHash(request.PublicUrl))
        {
            return AdapterResult.Malformed("Twilio posts application/x-www-form-urlencoded; the body is of another type.");
        }

        var form = isGet ? FormBody.Parse(Encoding.UTF8.GetBytes(request.PublicUrl.Query.TrimStart('?')))
            : isForm ? FormBody.Parse(request.Body.Span) : FormBody.Parse([]);
        IReadOnlyList<KeyValuePair<string, string>> signedPairs = isGet ? [] : form.Pairs;
        if (!TwilioSignature.IsValid(token, request.PublicUrl, request.Body.Span, signedPairs, request.Header(TwilioSignature.Header)))
        {
            return AdapterResult.Unauthorized(
                $"{TwilioSignature.Header} does not match the URL {request.PublicUrl.GetLeftPart(UriPartial.Path)} and " +
                $"{(isForm ? "parameters" : "body hash")} signed with the Auth Token (check Api:PublicBaseUrl).");
        }

        if (!isForm)
        {
            // A genuine JSON-body request (bodySHA256), but none of the messaging and voice callbacks this adapter reads.
            return AdapterResult.Malformed("Twilio's SMS, message-status and voice callbacks are application/x-www-form-urlencoded; this signed body is of another type.");
        }

        return kind switch
        {
            "sms" => AcceptMessage(form, request),
            "status" => AcceptMessageStatus(form, request),
            _ => AcceptCallStatus(form, request),
        };
    }

    /// <summary>A status callback of a message we sent: MessageSid and MessageStatus (queued, sent, delivered, undelivered, failed, read).</summary>
    private AdapterResult AcceptMessageStatus(FormBody form, WebhookRequest request)
    {
        var sid = form["MessageSid"] ?? form["SmsSid"];
        var status = form["MessageStatus"] ?? form["SmsStatus"];
        if (string.IsNullOrWhiteSpace(sid) || string.IsNullOrWhiteSpace(status))
        {
            return AdapterResult.Malformed("A message status callback needs 'MessageSid' and 'MessageStatus'.");
        }

        var metadata = new Dictionary<string, string>();
        Copy(form, metadata, ("ErrorCode", "error_code"), ("ErrorMessage", "error_message"), ("To", "to"), ("AccountSid", "twilio_account_sid"));

        // "reason" is what the delivery-status handler records as a failure's cause; Twilio often sends only the code.
        if (form["ErrorMessage"] is { Length: > 0 } error)
        {
            metadata["reason"] = error;
        }
        else if (form["ErrorCode"] is { Length: > 0 } code && code != "0")
        {
            metadata["reason"] = $"Twilio error {code}";
        }

        var item = new InboundMessage
        {
            Source = Provider,
            ProviderMessageId = $"{sid}:{status.ToLowerInvariant()}",
            Kind = InboundKinds.DeliveryStatus,
            Channel = IsWhatsApp(form["To"]) || IsWhatsApp(form["From"]) ? "whatsapp" : "sms",
            SentAt = request.ReceivedAt,
            RelatedProviderMessageId = sid,
            Status = status.ToLowerInvariant(),
            Metadata = metadata,
        };
        return Twiml([item]);
    }

    private AdapterResult AcceptMessage(FormBody form, WebhookRequest request)
    {
        // A status callback pointed at the incoming-message URL (a Messaging Service's delivery-status URL set to /sms)
        // is a report on our message, not a message from our own number. Incoming messages carry no MessageStatus.
        if (form["MessageStatus"] is { Length: > 0 } reported && reported is not ("received" or "receiving"))
        {
            return AcceptMessageStatus(form, request);
        }

        var sid = form["MessageSid"] ?? form["SmsSid"];
        if (string.IsNullOrWhiteSpace(sid))
        {
            return AdapterResult.Malformed("'MessageSid' is missing: it is what makes a redelivery harmless.");
        }

        var from = form["From"];
        var whatsapp = IsWhatsApp(from);
        if (normalizer.Normalize(IdentityKinds.Phone, from) is null)
        {
            return AdapterResult.Malformed("'From' is not a phone number.");
        }

        var identities = new List<SenderIdentity> { new(IdentityKinds.Phone, from!) };
        if (whatsapp)
        {
            identities.Add(new SenderIdentity("whatsapp", from![9..].TrimStart('+')));
        }

        var metadata = new Dictionary<string, string>();
        Copy(form, metadata, ("To", "to"), ("AccountSid", "twilio_account_sid"), ("MessagingServiceSid", "twilio_messaging_service_sid"),
            ("NumSegments", "num_segments"), ("NumMedia", "num_media"), ("MessageType", "message_type"),
            ("ButtonText", "button_text"), ("ButtonPayload", "button_payload"), ("OriginalRepliedMessageSid", "replied_message_sid"),
            ("Latitude", "latitude"), ("Longitude", "longitude"), ("Address", "location_address"), ("Label", "location_label"));
        var count = int.TryParse(form["NumMedia"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, 10) : 0;
        for (var i = 0; i < count; i++)
        {
            Copy(form, metadata, ($"MediaUrl{i}", $"media_{i}_url"), ($"MediaContentType{i}", $"media_{i}_content_type"));
        }

        var message = new InboundMessage
        {
            Source = Provider,
            ProviderMessageId = sid,
            Channel = whatsapp ? "whatsapp" : "sms",
            SentAt = request.ReceivedAt,
            From = identities,
            DisplayName = form["ProfileName"],
            Text = form["Body"] is { Length: > 0 } body ? body : form["ButtonText"] ?? form["Body"],
            Metadata = metadata,
        };
        return Twiml([message]);
    }

    private AdapterResult AcceptCallStatus(FormBody form, WebhookRequest request)
    {
        var sid = form["CallSid"];
        var status = form["CallStatus"];
        if (string.IsNullOrWhiteSpace(sid) || string.IsNullOrWhiteSpace(status))
        {
            return AdapterResult.Malformed("A voice status callback needs 'CallSid' and 'CallStatus'.");
        }

        if (!TerminalCallStatuses.Contains(status))
        {
            return Twiml([]);
        }

        // The customer is the far end: the caller on an inbound call, the called party on an outbound one.
        var direction = form["Direction"] ?? "inbound";
        var outbound = direction.StartsWith("outbound", StringComparison.OrdinalIgnoreCase);
        var customerPhone = outbound ? form["To"] : form["From"];
        var identities = normalizer.Normalize(IdentityKinds.Phone, customerPhone) is null
            ? new List<SenderIdentity>()
            : [new SenderIdentity(IdentityKinds.Phone, customerPhone!)];

        var metadata = new Dictionary<string, string> { ["call_sid"] = sid, ["call_status"] = status.ToLowerInvariant(), ["direction"] = direction };
        Copy(form, metadata, ("CallDuration", "duration_seconds"), ("AnsweredBy", "answered_by"), ("AccountSid", "twilio_account_sid"),
            ("To", "to"), ("From", "from"), ("ParentCallSid", "parent_call_sid"), ("SipResponseCode", "sip_response_code"));

        var item = new InboundMessage
        {
            Source = Provider,
            ProviderMessageId = $"{sid}:{status.ToLowerInvariant()}",
            Kind = InboundKinds.CallStatus,
            Channel = "voice",
            SentAt = ParseTimestamp(form["Timestamp"]) ?? request.ReceivedAt,
            From = identities,
            RelatedProviderMessageId = sid,
            Status = status.ToLowerInvariant(),
            Metadata = metadata,
        };
        return Twiml([item]);
    }

    private static bool IsWhatsApp(string? address) => address?.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) == true;

    private static AdapterResult.Accepted Twiml(IReadOnlyList<InboundMessage> messages) => new(messages)
    {
        AckStatusCode = 200,
        AckContentType = "text/xml",
        AckBody = EmptyTwiml,
    };

    private static void Copy(FormBody form, Dictionary<string, string> metadata, params (string Field, string Key)[] fields)
    {
        foreach (var (field, key) in fields)
        {
            if (form[field] is { Length: > 0 } value)
            {
                metadata[key] = value;
            }
        }
    }

    /// <summary>Twilio's <c>Timestamp</c> is RFC 1123 (<c>Tue, 10 Jan 2023 18:07:24 +0000</c>).</summary>
    private static DateTimeOffset? ParseTimestamp(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
