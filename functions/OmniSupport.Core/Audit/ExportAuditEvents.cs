using System.Globalization;
using System.Text;
using System.Text.Json;
using OmniSupport.Core.Abstractions;

namespace OmniSupport.Core.Audit;

/// <summary>How long the audit is kept (section <c>Audit</c>). Nothing in the hub deletes an entry; this is the promise.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>HIPAA asks for six years of documentation: 2,192 days, never less.</summary>
    public const int MinimumRetentionDays = 2192;

    public int RetentionDays { get; set; } = MinimumRetentionDays;
}

/// <summary>
/// One UTC day of the hash-chained audit as FHIR R4 <c>AuditEvent</c> resources, one JSON per line, shaped
/// after the IHE Basic Audit Log Patterns: who (the API key as the requesting agent, with its network
/// address), what (the REST interaction and the resource called), which patient (an entity with role Patient
/// per customer touched, with the EHR's Patient reference when the customer has a <c>fhir-patient</c>
/// identity), when (recorded), and the outcome (0 success, 4 refused, 8 failed). The chain's hash rides along.
/// </summary>
public sealed class ExportAuditEvents(IAuditLog audit, ICustomerStore customers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task<string> ExportAsync(DateOnly day, CancellationToken ct)
    {
        var sb = new StringBuilder();
        var patients = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var chained in audit.ReadDayAsync(day, ct))
        {
            var entry = chained.Entry;
            var entities = new List<object>();
            foreach (var customerId in entry.CustomerIds)
            {
                if (!patients.TryGetValue(customerId, out var patient))
                {
                    var customer = await customers.GetAsync(customerId, ct);
                    patient = customer?.Identities.FirstOrDefault(i => i.Kind == "fhir-patient")?.Value;
                    patients[customerId] = patient;
                }

                entities.Add(new
                {
                    what = new
                    {
                        reference = patient is null ? null : "Patient/" + patient.Split('/')[^1],
                        identifier = new { system = "urn:omnisupport:customer", value = customerId },
                        display = patient,
                    },
                    type = Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
                    role = Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
                });
            }

            entities.Add(new
            {
                what = new { identifier = new { system = "urn:omnisupport:resource", value = entry.Resource } },
                type = Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
                description = entry.Action,
            });

            var method = entry.Action.Split(' ')[0].ToUpperInvariant();
            var resource = new
            {
                resourceType = "AuditEvent",
                id = entry.Id,
                meta = new { profile = new[] { "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.Read" } },
                extension = new[] { new { url = "urn:omnisupport:audit-chain", valueString = $"{chained.Partition}#{chained.Sequence.ToString(CultureInfo.InvariantCulture)} {chained.Hash}" } },
                type = Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"),
                subtype = new[] { Coding("http://hl7.org/fhir/restful-interaction", Interaction(method, entry.Action), null) },
                action = method switch { "GET" or "HEAD" => "R", "POST" => "C", "PUT" or "PATCH" => "U", "DELETE" => "D", _ => "E" },
                recorded = entry.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                outcome = entry.Status switch { < 400 => "0", < 500 => "4", _ => "8" },
                outcomeDesc = "HTTP " + entry.Status.ToString(CultureInfo.InvariantCulture),
                agent = new[]
                {
                    new
                    {
                        type = new { coding = new[] { Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient") } },
                        who = new { identifier = new { system = "urn:omnisupport:api-key", value = entry.Actor } },
                        requestor = true,
                        network = entry.ClientAddress is null ? null : new { address = entry.ClientAddress, type = "2" },
                    },
                },
                source = new
                {
                    site = "OmniSupport",
                    observer = new { display = "OmniSupport hub" },
                    type = new[] { Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server") },
                },
                entity = entities,
            };
            sb.Append(JsonSerializer.Serialize(resource, Json)).Append('\n');
        }

        return sb.ToString();
    }

    private static object Coding(string system, string code, string? display) => new { system, code, display };

    private static string Interaction(string method, string action) => method switch
    {
        "GET" => action.Contains('{', StringComparison.Ordinal) ? "read" : "search-type",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => "operation",
    };
}
