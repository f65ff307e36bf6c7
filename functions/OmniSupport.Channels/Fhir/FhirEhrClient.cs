using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using EhrAppointment = OmniSupport.Core.Appointments.EhrAppointment;
using EhrLockedException = OmniSupport.Core.Appointments.EhrLockedException;
using EhrPatient = OmniSupport.Core.Appointments.EhrPatient;
using EhrWriteResult = OmniSupport.Core.Appointments.EhrWriteResult;
using IEhrClient = OmniSupport.Core.Appointments.IEhrClient;
using Task = System.Threading.Tasks.Task;
using FhirTask = Hl7.Fhir.Model.Task;

namespace OmniSupport.Channels.Fhir;

/// <summary>
/// The EHR over FHIR R4 with Firely's FhirClient: Appointment searches by date (and location or practitioner),
/// Patient reads, and the write-backs: Appointment cancel (version-aware: If-Match on the version read; a 409 or
/// 412 is read again and retried once, a 423 thrown for a later retry, another refusal reported, not hidden),
/// Slot set free or a rebook Task, and Communications. Writes are conditional creates on an identifier, so a
/// retried activity writes nothing twice.
/// </summary>
public sealed class FhirEhrClient(IHttpClientFactory http, IOptions<FhirOptions> options, ILogger<FhirEhrClient> log) : IEhrClient
{
    public const string HttpClientName = "fhir";
    public const string IdentifierSystem = "urn:omnisupport";
    public const string RebookCodeSystem = "urn:omnisupport:task-code";

    private static readonly FhirClientSettings Settings = new()
    {
        PreferredFormat = ResourceFormat.Json,
        VerifyFhirVersion = false,
        ReturnPreference = ReturnPreference.Representation,
        SerializationEngine = FhirSerializationEngineFactory.Ostrich(ModelInfo.ModelInspector),
    };

    public string Ehr => options.Value.Ehr;

    private FhirClient Client()
    {
        var baseUrl = options.Value.BaseUrl;
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            throw new InvalidOperationException("Channels:Fhir:BaseUrl is not set: the hub has no EHR to read.");
        }

        return new FhirClient(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), http.CreateClient(HttpClientName), Settings);
    }

    public async Task<IReadOnlyList<EhrAppointment>> SearchAppointmentsAsync(DateTimeOffset from, DateTimeOffset to, string? location, string? practitioner, CancellationToken ct)
    {
        using var client = Client();
        var query = new SearchParams().LimitTo(100);
        query.Add("date", "ge" + Instant(from));
        query.Add("date", "lt" + Instant(to));
        if (!string.IsNullOrWhiteSpace(location))
        {
            query.Add("location", Reference("Location", location));
        }

        if (!string.IsNullOrWhiteSpace(practitioner))
        {
            query.Add("practitioner", Reference("Practitioner", practitioner));
        }

        var found = new List<EhrAppointment>();
        var bundle = await client.SearchAsync<Appointment>(query, ct);
        for (var page = 0; bundle is not null && page < 50; page++)
        {
            found.AddRange(bundle.Entry.Select(e => e.Resource).OfType<Appointment>().Select(ToEhr).OfType<EhrAppointment>());
            bundle = bundle.NextLink is null ? null : await client.ContinueAsync(bundle, ct: ct);
        }

        return found;
    }

    public async Task<EhrAppointment?> ReadAppointmentAsync(string id, CancellationToken ct)
    {
        using var client = Client();
        var appointment = await ReadAsync<Appointment>(client, "Appointment/" + id, ct);
        return appointment is null ? null : ToEhr(appointment);
    }

    public async Task<EhrPatient?> ReadPatientAsync(string id, CancellationToken ct)
    {
        using var client = Client();
        var patient = await ReadAsync<Patient>(client, "Patient/" + id, ct);
        if (patient is null)
        {
            return null;
        }

        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var display = name is null ? null : name.Text ?? string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p)));
        var phones = patient.Telecom.Where(t => t.System is ContactPoint.ContactPointSystem.Phone or ContactPoint.ContactPointSystem.Sms && !string.IsNullOrWhiteSpace(t.Value))
            .OrderBy(t => t.Use == ContactPoint.ContactPointUse.Mobile ? 0 : 1).Select(t => t.Value!).Distinct().ToList();
        var emails = patient.Telecom.Where(t => t.System == ContactPoint.ContactPointSystem.Email && !string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Value!).Distinct().ToList();
        return new EhrPatient(patient.Id ?? id, string.IsNullOrWhiteSpace(display) ? null : display, phones, emails);
    }

    public async Task<EhrWriteResult> CancelAppointmentAsync(string id, string? versionId, string reason, CancellationToken ct)
    {
        using var client = Client();
        var version = versionId;
        for (var attempt = 1; ; attempt++)
        {
            var appointment = await ReadAsync<Appointment>(client, "Appointment/" + id, ct);
            if (appointment is null)
            {
                return new EhrWriteResult(false, $"Appointment/{id} is not in the EHR any more.");
            }

            if (appointment.Status == Appointment.AppointmentStatus.Cancelled)
            {
                return new EhrWriteResult(true, $"Appointment/{id} was already cancelled in the EHR.", appointment.Meta?.VersionId);
            }

            appointment.Status = Appointment.AppointmentStatus.Cancelled;
            appointment.CancelationReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason", "pat", "Patient", reason);
            appointment.Meta ??= new Hl7.Fhir.Model.Meta();
            appointment.Meta.VersionId = version ?? appointment.Meta.VersionId;
            try
            {
                var updated = await client.UpdateAsync(appointment, versionAware: true, ct);
                return new EhrWriteResult(true, $"Appointment/{id} cancelled in the EHR (If-Match {version ?? "as read"})", updated?.Meta?.VersionId);
            }
            catch (FhirOperationException ex) when (ex.Status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed && attempt == 1)
            {
                // 409 stale version / 412 a version is required or did not match: read the current version and try once more.
                log.LogInformation("EHR answered {Status} to the cancel of Appointment/{Id}; re-reading and retrying once", (int)ex.Status, id);
                version = null;
            }
            catch (FhirOperationException ex) when ((int)ex.Status == 423)
            {
                throw new EhrLockedException($"Appointment/{id} is locked in the EHR (HTTP 423); the cancel is retried later.");
            }
            catch (FhirOperationException ex)
            {
                return new EhrWriteResult(false, $"EHR refused to cancel Appointment/{id}: HTTP {(int)ex.Status} {Describe(ex)}");
            }
        }
    }

    public async Task<EhrWriteResult> ReleaseSlotAsync(string appointmentId, string? slotId, CancellationToken ct)
    {
        using var client = Client();
        string? refusal = null;
        if (!string.IsNullOrWhiteSpace(slotId) && string.Equals(options.Value.SlotRelease, "free", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var slot = await ReadAsync<Slot>(client, "Slot/" + slotId, ct);
                if (slot is not null)
                {
                    slot.Status = Slot.SlotStatus.Free;
                    await client.UpdateAsync(slot, versionAware: true, ct);
                    return new EhrWriteResult(true, $"Slot/{slotId} set free for rebooking");
                }
            }
            catch (FhirOperationException ex) when ((int)ex.Status == 423)
            {
                throw new EhrLockedException($"Slot/{slotId} is locked in the EHR (HTTP 423); retried later.");
            }
            catch (FhirOperationException ex)
            {
                refusal = $"HTTP {(int)ex.Status} on Slot/{slotId}";
            }
        }

        var task = new FhirTask
        {
            Identifier = [new Identifier(IdentifierSystem, "rebook-" + appointmentId)],
            Status = FhirTask.TaskStatus.Requested,
            Intent = FhirTask.TaskIntent.Order,
            Code = new CodeableConcept(RebookCodeSystem, "rebook", "Rebook the slot of a cancelled appointment"),
            Focus = new ResourceReference("Appointment/" + appointmentId),
            Description = "The patient cancelled; offer the slot to another patient." + (refusal is null ? "" : " (The Slot could not be set free: " + refusal + ".)"),
            AuthoredOn = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        try
        {
            var created = await client.ConditionalCreateAsync(task, new SearchParams().Add("identifier", $"{IdentifierSystem}|rebook-{appointmentId}"), ct);
            return new EhrWriteResult(true, $"Rebook Task/{created?.Id} opened for Appointment/{appointmentId}");
        }
        catch (FhirOperationException ex) when ((int)ex.Status == 423)
        {
            throw new EhrLockedException($"The EHR is locked (HTTP 423) for the rebook Task of Appointment/{appointmentId}; retried later.");
        }
        catch (FhirOperationException ex)
        {
            return new EhrWriteResult(false, $"EHR refused the rebook Task of Appointment/{appointmentId}: HTTP {(int)ex.Status} {Describe(ex)}");
        }
    }

    public async Task<EhrWriteResult> RecordCommunicationAsync(string communicationId, string appointmentId, string patientId, string medium, string text, DateTimeOffset sent, CancellationToken ct)
    {
        using var client = Client();
        var communication = new Communication
        {
            Identifier = [new Identifier(IdentifierSystem, communicationId)],
            Status = EventStatus.Completed,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/communication-category", "reminder", "Reminder")],
            Medium = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", medium)],
            Subject = new ResourceReference("Patient/" + patientId),
            About = [new ResourceReference("Appointment/" + appointmentId)],
            Sent = sent.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Payload = [new Communication.PayloadComponent { Content = new FhirString(text) }],
        };
        try
        {
            var created = await client.ConditionalCreateAsync(communication, new SearchParams().Add("identifier", $"{IdentifierSystem}|{communicationId}"), ct);
            return new EhrWriteResult(true, $"Communication/{created?.Id} written");
        }
        catch (FhirOperationException ex) when ((int)ex.Status == 423)
        {
            throw new EhrLockedException("The EHR is locked (HTTP 423) for the Communication; retried later.");
        }
        catch (FhirOperationException ex)
        {
            return new EhrWriteResult(false, $"EHR refused the Communication: HTTP {(int)ex.Status} {Describe(ex)}");
        }
    }

    private static async Task<T?> ReadAsync<T>(FhirClient client, string location, CancellationToken ct)
        where T : Resource
    {
        try
        {
            return await client.ReadAsync<T>(location, ct: ct);
        }
        catch (FhirOperationException ex) when (ex.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }
        catch (FhirOperationException ex) when ((int)ex.Status == 423)
        {
            throw new EhrLockedException($"{location} is locked in the EHR (HTTP 423).");
        }
    }

    private static EhrAppointment? ToEhr(Appointment a)
    {
        if (a.Start is not { } start || a.Id is null)
        {
            return null;
        }

        var actors = a.Participant.Select(p => p.Actor?.Reference).OfType<string>().ToList();
        var patient = actors.FirstOrDefault(r => r.StartsWith("Patient/", StringComparison.Ordinal));
        if (patient is null)
        {
            return null;
        }

        var location = a.Participant.Select(p => p.Actor).FirstOrDefault(r => r?.Reference?.StartsWith("Location/", StringComparison.Ordinal) == true);
        var practitioner = actors.FirstOrDefault(r => r.StartsWith("Practitioner/", StringComparison.Ordinal));
        var slot = a.Slot.FirstOrDefault()?.Reference;
        return new EhrAppointment(
            a.Id,
            a.Meta?.VersionId,
            a.Status?.GetLiteral() ?? "booked",
            start,
            a.End,
            IdOf(patient),
            location?.Reference is { } l ? IdOf(l) : null,
            location?.Display,
            practitioner is null ? null : IdOf(practitioner),
            slot is null ? null : IdOf(slot));
    }

    /// <summary>The id of a reference such as <c>Patient/123</c> or <c>http://x/Patient/123/_history/2</c>.</summary>
    private static string IdOf(string reference)
    {
        var parts = reference.Split('/');
        var history = Array.IndexOf(parts, "_history");
        return history > 0 ? parts[history - 1] : parts[^1];
    }

    private static string Reference(string type, string id) => id.Contains('/', StringComparison.Ordinal) ? id : type + "/" + id;

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Describe(FhirOperationException ex) =>
        ex.Outcome?.Issue.Select(i => i.Details?.Text ?? i.Diagnostics).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "";
}
