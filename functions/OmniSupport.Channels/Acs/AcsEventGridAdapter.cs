using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Acs;

/// <summary>
/// <c>POST /api/webhooks/acs/events?secret=...</c>: Azure Communication Services SMS events delivered by an
/// Event Grid subscription in the Event Grid schema (an array of events;
/// https://learn.microsoft.com/azure/event-grid/communication-services-telephony-sms-events) or the CloudEvents 1.0
/// schema (one event, or an array when batched).
/// The subscription validation handshake is answered with <c>{"validationResponse": code}</c>;
/// <c>Microsoft.Communication.SMSReceived</c> becomes a message and <c>SMSDeliveryReportReceived</c> a delivery status,
/// each deduplicated on the Event Grid event id. Other event types are acknowledged and dropped.
/// </summary>
public sealed class AcsEventGridAdapter(IOptionsMonitor<AcsOptions> options, IdentityNormalizer normalizer) : IWebhookAdapter
{
    public const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string SmsReceived = "Microsoft.Communication.SMSReceived";
    public const string DeliveryReport = "Microsoft.Communication.SMSDeliveryReportReceived";

    public string Provider => "acs";

    /// <summary>A CloudEvents-schema subscription is validated with an <c>OPTIONS</c> request before any event is sent.</summary>
    public bool TakesOptions => true;

    /// <summary>The CloudEvents webhook validation headers (Event Grid's abuse protection).</summary>
    public const string RequestOriginHeader = "WebHook-Request-Origin";
    public const string AllowedOriginHeader = "WebHook-Allowed-Origin";

    public AdapterResult Accept(WebhookRequest request)
    {
        if (!string.Equals(request.Path.Trim('/'), "events", StringComparison.OrdinalIgnoreCase))
        {
            return new AdapterResult.Rejected(404, "Unknown ACS webhook", "ACS events are posted to /api/webhooks/acs/events.");
        }

        var secret = options.CurrentValue.WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return new AdapterResult.Rejected(404, "ACS not configured", "Channels:Acs:WebhookSecret is not set, so no ACS event can be verified.");
        }

        if (!Signatures.TextEquals(secret, request.Query.GetValueOrDefault("secret")))
        {
            return AdapterResult.Unauthorized("The 'secret' query parameter does not match Channels:Acs:WebhookSecret.");
        }

        if (string.Equals(request.Method, "OPTIONS", StringComparison.OrdinalIgnoreCase))
        {
            return CloudEventsHandshake(request);
        }

        using var document = JsonRead.TryParse(request.Body);
        if (document is null)
        {
            return AdapterResult.Malformed("The body is not valid JSON.");
        }

        var root = document.RootElement;
        var events = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object => [root],
            _ => [],
        };
        if (events.Count == 0)
        {
            return AdapterResult.Malformed("The body is not an array of Event Grid events.");
        }

        var messages = new List<InboundMessage>();
        foreach (var e in events)
        {
            // Event Grid schema: eventType/eventTime; CloudEvents 1.0 schema: type/time. Both carry id and data.
            var id = e.Str("id");
            var type = e.Str("eventType") ?? e.Str("type");
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(type))
            {
                return AdapterResult.Malformed("Each event needs 'id' and 'eventType' (Event Grid schema) or 'type' (CloudEvents).");
            }

            if (type is not (ValidationEvent or SmsReceived or DeliveryReport))
            {
                // Another event type on the same subscription: acknowledged whatever its data, or Event Grid would dead-letter the batch.
                continue;
            }

            var data = e.Prop("data");
            if (data?.ValueKind != JsonValueKind.Object)
            {
                return AdapterResult.Malformed($"Event {id} ({type}) needs a 'data' object.");
            }

            if (type == ValidationEvent)
            {
                var code = data.Prop("validationCode").Str();
                return code is null
                    ? AdapterResult.Malformed("The validation event has no 'data.validationCode'.")
                    : new AdapterResult.Handshake(200, "application/json", JsonSerializer.Serialize(new { validationResponse = code }));
            }

            var at = JsonRead.Iso(data.Prop("receivedTimestamp").Str()) ?? JsonRead.Iso(e.Str("eventTime") ?? e.Str("time")) ?? request.ReceivedAt;
            if (type == SmsReceived)
            {
                var from = Plus(data.Prop("from").Str());
                if (normalizer.Normalize(IdentityKinds.Phone, from) is null)
                {
                    return AdapterResult.Malformed($"Event {id}: 'data.from' is not a phone number.");
                }

                messages.Add(new InboundMessage
                {
                    Source = Provider,
                    ProviderMessageId = id,
                    Channel = "sms",
                    SentAt = at,
                    From = [new SenderIdentity(IdentityKinds.Phone, from!)],
                    Text = data.Prop("message").Str(),
                    Metadata = Fields.Of(("acs_message_id", data.Prop("messageId").Str()), ("to", data.Prop("to").Str()),
                        ("segment_count", data.Prop("segmentCount").Str())),
                });
            }
            else if (type == DeliveryReport)
            {
                var related = data.Prop("messageId").Str();
                if (string.IsNullOrWhiteSpace(related))
                {
                    return AdapterResult.Malformed($"Event {id}: a delivery report needs 'data.messageId'.");
                }

                // The recipient is the customer: the delivery-status handler finds the outbound event through it.
                var to = Plus(data.Prop("to").Str());
                var status = data.Prop("deliveryStatus").Str()?.ToLowerInvariant();
                var details = data.Prop("deliveryStatusDetails").Str();
                messages.Add(new InboundMessage
                {
                    Source = Provider,
                    ProviderMessageId = id,
                    Kind = InboundKinds.DeliveryStatus,
                    From = normalizer.Normalize(IdentityKinds.Phone, to) is null ? [] : [new SenderIdentity(IdentityKinds.Phone, to!)],
                    Channel = "sms",
                    SentAt = at,
                    RelatedProviderMessageId = related,
                    Status = status,
                    // "reason" is what the delivery-status handler records as a failure's cause.
                    Metadata = Fields.Of(("delivery_status_details", details), ("reason", status == "delivered" ? null : details),
                        ("to", data.Prop("to").Str()), ("tag", data.Prop("tag").Str()), ("delivery_attempts", DeliveryAttempts(data))),
                });
            }
        }

        return new AdapterResult.Accepted(messages);
    }

    /// <summary>The attempts as "segments succeeded/failed" per attempt, e.g. <c>1/0</c> (ACS retries a failed segment).</summary>
    /// <summary>
    /// CloudEvents 1.0 webhook validation: Event Grid sends <c>OPTIONS</c> with the origin it delivers from and
    /// expects that origin allowed back in <c>WebHook-Allowed-Origin</c> (only after the secret has checked out).
    /// </summary>
    private static AdapterResult CloudEventsHandshake(WebhookRequest request)
    {
        var origin = request.Headers.GetValueOrDefault(RequestOriginHeader);
        if (string.IsNullOrWhiteSpace(origin) || origin.Length > 255 || origin.Any(char.IsControl))
        {
            return new AdapterResult.Rejected(400, "Malformed webhook handshake", $"An OPTIONS request must carry the {RequestOriginHeader} header (CloudEvents webhook validation).");
        }

        return new AdapterResult.Handshake(200, "text/plain", "")
        {
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [AllowedOriginHeader] = origin, ["Allow"] = "POST, OPTIONS" },
        };
    }

    private static string? DeliveryAttempts(JsonElement? data)
    {
        var attempts = data.Prop("deliveryAttempts").Items()
            .Select(a => $"{a.Str("segmentsSucceeded") ?? "0"}/{a.Str("segmentsFailed") ?? "0"}")
            .ToList();
        return attempts.Count == 0 ? null : string.Join(",", attempts);
    }

    /// <summary>ACS writes E.164 numbers with or without the leading plus ("15555555555").</summary>
    private static string? Plus(string? number) =>
        number is { Length: >= 8 } && number.All(char.IsAsciiDigit) ? "+" + number : number;
}
