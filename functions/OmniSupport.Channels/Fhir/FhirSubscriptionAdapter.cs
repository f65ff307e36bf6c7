using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Appointments;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Fhir;

/// <summary>
/// FHIR R4 Subscriptions-backport rest-hook notifications at <c>POST /api/webhooks/fhir/subscription</c>:
/// verified by the configured header secret (the Subscription's channel.header), a history Bundle whose first
/// entry is the SubscriptionStatus (a Parameters resource in R4, a SubscriptionStatus in R4B/R5). Each
/// Appointment it names (the event's focus, or the entries) becomes one <see cref="RefreshAppointment"/> item
/// for the inbound queue; handshakes and heartbeats are acknowledged with none.
/// </summary>
public sealed class FhirSubscriptionAdapter(IOptions<FhirOptions> options) : IWebhookAdapter
{
    public string Provider => "fhir";

    public AdapterResult Accept(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var secret = options.Value.SubscriptionSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return new AdapterResult.Rejected(404, "Not configured", "Channels:Fhir:SubscriptionSecret is not set: this hub takes no FHIR notifications.");
        }

        var presented = request.Header(options.Value.SubscriptionHeader) ?? "";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(secret)))
        {
            return AdapterResult.Unauthorized($"The {options.Value.SubscriptionHeader} header does not hold the configured secret.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(request.Body);
        }
        catch (JsonException)
        {
            return AdapterResult.Malformed("The notification is not JSON.");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Str(root, "resourceType") != "Bundle" || !root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() == 0)
            {
                return AdapterResult.Malformed("A notification is a Bundle whose first entry is the SubscriptionStatus.");
            }

            var status = entries[0].TryGetProperty("resource", out var s) ? s : default;
            var statusType = Str(status, "resourceType");
            if (statusType is not ("Parameters" or "SubscriptionStatus"))
            {
                return AdapterResult.Malformed("The Bundle's first entry is not a SubscriptionStatus.");
            }

            var type = statusType == "Parameters" ? Parameter(status, "type") : Str(status, "type");
            var subscription = statusType == "Parameters" ? ParameterReference(status, "subscription") : Str(Prop(status, "subscription"), "reference");
            if (type is "handshake" or "heartbeat")
            {
                return new AdapterResult.Accepted([]);
            }

            var ids = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var focus in Foci(status, statusType))
            {
                AddAppointment(ids, focus);
            }

            foreach (var entry in entries.EnumerateArray().Skip(1))
            {
                AddAppointment(ids, Str(entry, "fullUrl"));
                if (entry.TryGetProperty("resource", out var r) && Str(r, "resourceType") == "Appointment")
                {
                    AddAppointment(ids, "Appointment/" + Str(r, "id"));
                }
            }

            var messages = ids.Select(id => new InboundMessage
            {
                Source = "fhir",
                Kind = RefreshAppointment.Kind,
                ProviderMessageId = $"{subscription ?? "subscription"}:{Str(root, "id") ?? request.ReceivedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}:{id}",
                Channel = "ehr",
                SentAt = request.ReceivedAt,
                RelatedProviderMessageId = id,
            }).ToList();
            return new AdapterResult.Accepted(messages);
        }
    }

    private static IEnumerable<string?> Foci(JsonElement status, string statusType)
    {
        if (statusType == "SubscriptionStatus")
        {
            if (status.TryGetProperty("notificationEvent", out var events) && events.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in events.EnumerateArray())
                {
                    yield return Str(Prop(e, "focus"), "reference");
                }
            }

            yield break;
        }

        if (!status.TryGetProperty("parameter", out var parameters) || parameters.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var p in parameters.EnumerateArray().Where(p => Str(p, "name") == "notification-event"))
        {
            if (p.TryGetProperty("part", out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in parts.EnumerateArray().Where(x => Str(x, "name") == "focus"))
                {
                    yield return Str(Prop(part, "valueReference"), "reference");
                }
            }
        }
    }

    private static void AddAppointment(SortedSet<string> ids, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return;
        }

        var parts = reference.Split('/');
        var at = Array.LastIndexOf(parts, "Appointment");
        if (at >= 0 && at + 1 < parts.Length && parts[at + 1].Length is > 0 and <= 64)
        {
            ids.Add(parts[at + 1]);
        }
    }

    private static string? Parameter(JsonElement parameters, string name) =>
        parameters.TryGetProperty("parameter", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(p => Str(p, "name") == name).Select(p => Str(p, "valueCode") ?? Str(p, "valueString")).FirstOrDefault()
            : null;

    private static string? ParameterReference(JsonElement parameters, string name) =>
        parameters.TryGetProperty("parameter", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(p => Str(p, "name") == name).Select(p => Str(Prop(p, "valueReference"), "reference")).FirstOrDefault()
            : null;

    private static JsonElement Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
