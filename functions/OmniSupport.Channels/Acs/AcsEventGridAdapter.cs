using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Acs;

/// <summary>
/// <c>POST /api/webhooks/acs/events?secret=...</c>: Azure Communication Services SMS events delivered by an
/// Event Grid subscription in the Event Grid schema (an array of events;
/// https://learn.microsoft.com/azure/event-grid/communication-services-telephony-sms-events).
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
            var id = e.Str("id");
            var type = e.Str("eventType");
            var data = e.Prop("data");
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(type) || data?.ValueKind != JsonValueKind.Object)
            {
                return AdapterResult.Malformed("Each Event Grid event needs 'id', 'eventType' and a 'data' object.");
            }

            if (type == ValidationEvent)
            {
                var code = data.Prop("validationCode").Str();
                return code is null
                    ? AdapterResult.Malformed("The validation event has no 'data.validationCode'.")
                    : new AdapterResult.Handshake(200, "application/json", JsonSerializer.Serialize(new { validationResponse = code }));
            }

            var at = JsonRead.Iso(data.Prop("receivedTimestamp").Str()) ?? JsonRead.Iso(e.Str("eventTime")) ?? request.ReceivedAt;
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
                messages.Add(new InboundMessage
                {
                    Source = Provider,
                    ProviderMessageId = id,
                    Kind = InboundKinds.DeliveryStatus,
                    From = normalizer.Normalize(IdentityKinds.Phone, to) is null ? [] : [new SenderIdentity(IdentityKinds.Phone, to!)],
                    Channel = "sms",
                    SentAt = at,
                    RelatedProviderMessageId = related,
                    Status = data.Prop("deliveryStatus").Str()?.ToLowerInvariant(),
                    Metadata = Fields.Of(("delivery_status_details", data.Prop("deliveryStatusDetails").Str()), ("to", data.Prop("to").Str()),
                        ("tag", data.Prop("tag").Str())),
                });
            }
        }

        return new AdapterResult.Accepted(messages);
    }

    /// <summary>ACS writes E.164 numbers with or without the leading plus ("15555555555").</summary>
    private static string? Plus(string? number) =>
        number is { Length: >= 8 } && number.All(char.IsAsciiDigit) ? "+" + number : number;
}
