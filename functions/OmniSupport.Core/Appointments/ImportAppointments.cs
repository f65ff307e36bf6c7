using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Appointments;

public sealed record ImportResult(int Read, int Created, int Updated, int Unchanged);

/// <summary>
/// Reads the coming days' appointments from the EHR and keeps ours in step: each patient resolves to one
/// customer (a <c>fhir-patient</c> identity <c>{ehr}/{Patient.id}</c> plus the phones and emails of
/// Patient.telecom), a new appointment starts its reminder, a changed one (new version) updates ours and
/// tells the reminder (cancelled in the EHR, moved). Re-reading the same version changes nothing.
/// </summary>
public sealed class ImportAppointments(
    IEhrClient ehr,
    IAppointmentStore store,
    ResolveCustomer resolve,
    ITimelineStore timeline,
    IReminderSignalQueue signals,
    IOptions<HospitalOptions> options,
    TimeProvider clock,
    ILogger<ImportAppointments> log)
{
    public const string PatientIdentityKind = "fhir-patient";

    public async Task<ImportResult> ImportAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var to = now.AddDays(Math.Max(1, o.LookAheadDays));
        var filters = o.Locations.Select(l => (Location: (string?)l, Practitioner: (string?)null))
            .Concat(o.Practitioners.Select(p => (Location: (string?)null, Practitioner: (string?)p)))
            .DefaultIfEmpty((null, null))
            .ToList();

        var seen = new Dictionary<string, EhrAppointment>(StringComparer.Ordinal);
        foreach (var (location, practitioner) in filters)
        {
            foreach (var a in await ehr.SearchAppointmentsAsync(now, to, location, practitioner, ct))
            {
                seen.TryAdd(a.Id, a);
            }
        }

        int created = 0, updated = 0, unchanged = 0;
        var patients = new Dictionary<string, EhrPatient?>(StringComparer.Ordinal);
        foreach (var a in seen.Values)
        {
            switch (await ImportOneAsync(a, patients, ct))
            {
                case ImportChange.Created: created++; break;
                case ImportChange.Updated: updated++; break;
                default: unchanged++; break;
            }
        }

        log.LogInformation("Appointment import from {Ehr}: {Read} read, {Created} new, {Updated} changed, {Unchanged} unchanged", ehr.Ehr, seen.Count, created, updated, unchanged);
        return new ImportResult(seen.Count, created, updated, unchanged);
    }

    /// <summary>Re-reads one appointment (a Subscriptions notification named it).</summary>
    public async Task<bool> RefreshAsync(string fhirId, CancellationToken ct)
    {
        var a = await ehr.ReadAppointmentAsync(fhirId, ct);
        if (a is null)
        {
            return false;
        }

        return await ImportOneAsync(a, new Dictionary<string, EhrPatient?>(StringComparer.Ordinal), ct) != ImportChange.Unchanged;
    }

    private enum ImportChange
    {
        Unchanged,
        Created,
        Updated,
    }

    private async Task<ImportChange> ImportOneAsync(EhrAppointment a, Dictionary<string, EhrPatient?> patients, CancellationToken ct)
    {
        var id = Appointment.IdFor(ehr.Ehr, a.Id);
        var existing = await store.GetAsync(id, ct);
        if (existing is not null && a.VersionId is not null && existing.VersionId == a.VersionId)
        {
            return ImportChange.Unchanged;
        }

        var now = clock.GetUtcNow();
        if (existing is null)
        {
            if (!patients.TryGetValue(a.PatientId, out var patient))
            {
                patient = await ehr.ReadPatientAsync(a.PatientId, ct);
                patients[a.PatientId] = patient;
            }

            if (patient is null)
            {
                log.LogWarning("Appointment {FhirId}: its patient could not be read; skipped until the next import", a.Id);
                return ImportChange.Unchanged;
            }

            var customer = await resolve.ResolveAsync(AsContact(patient, now), ct);
            var cancelled = IsCancelled(a.Status);
            var appointment = new Appointment
            {
                Id = id,
                Ehr = ehr.Ehr,
                FhirId = a.Id,
                VersionId = a.VersionId,
                PatientFhirId = a.PatientId,
                CustomerId = customer.Id,
                PatientName = patient.Name,
                Start = a.Start,
                End = a.End,
                Location = a.LocationId,
                LocationName = a.LocationName,
                Practitioner = a.PractitionerId,
                SlotId = a.SlotId,
                EhrStatus = a.Status,
                Status = cancelled ? ReminderStatuses.CancelledInEhr : ReminderStatuses.Pending,
                UpdatedAt = now,
            };
            appointment.AddStep(new AppointmentStep(now, "imported", $"Imported from {ehr.Ehr} ({a.Status})", "ehr", appointment.Status));
            await store.SaveAsync(appointment, ct);
            await timeline.AppendAsync(new TimelineEvent
            {
                Id = StableId.From("evt", "fhir", a.Id, "imported"),
                CustomerId = customer.Id,
                Channel = "ehr",
                Direction = Direction.System,
                Provider = "fhir",
                ProviderMessageId = "Appointment/" + a.Id,
                OccurredAt = now,
                Text = $"Appointment on {a.Start:yyyy-MM-dd HH:mm} UTC{(a.LocationName is null ? "" : " at " + a.LocationName)} imported from {ehr.Ehr}",
                Metadata = new Dictionary<string, string> { ["kind"] = "appointment-imported", ["appointmentId"] = id },
            }, ct);
            if (!cancelled && a.Start > now)
            {
                await signals.EnqueueAsync(new ReminderSignalMessage { Kind = ReminderSignalKinds.Start, AppointmentId = id, At = now, Start = a.Start }, ct);
            }

            return ImportChange.Created;
        }

        var moved = existing.Start != a.Start;
        var cancelledNow = IsCancelled(a.Status) && !IsCancelled(existing.EhrStatus);
        existing.VersionId = a.VersionId;
        existing.Start = a.Start;
        existing.End = a.End;
        existing.Location = a.LocationId ?? existing.Location;
        existing.LocationName = a.LocationName ?? existing.LocationName;
        existing.Practitioner = a.PractitionerId ?? existing.Practitioner;
        existing.SlotId = a.SlotId ?? existing.SlotId;
        existing.EhrStatus = a.Status;
        existing.UpdatedAt = now;
        if (cancelledNow && !ReminderStatuses.IsFinal(existing.Status))
        {
            existing.Status = ReminderStatuses.CancelledInEhr;
            existing.AddStep(new AppointmentStep(now, "ehr-cancelled", "Cancelled in the EHR", "ehr", existing.Status));
        }
        else if (moved)
        {
            existing.AddStep(new AppointmentStep(now, "ehr-moved", $"Moved in the EHR to {a.Start:yyyy-MM-dd HH:mm} UTC", "ehr", existing.Status));
        }

        await store.SaveAsync(existing, ct);
        if (cancelledNow)
        {
            await signals.EnqueueAsync(new ReminderSignalMessage { Kind = ReminderSignalKinds.CancelledInEhr, AppointmentId = id, At = now }, ct);
        }
        else if (moved)
        {
            await signals.EnqueueAsync(new ReminderSignalMessage { Kind = ReminderSignalKinds.Rescheduled, AppointmentId = id, At = now, Start = a.Start }, ct);
        }

        return ImportChange.Updated;
    }

    private static bool IsCancelled(string status) => status is "cancelled" or "noshow" or "entered-in-error";

    /// <summary>The patient as a contact: the deterministic identities the customer is resolved by.</summary>
    private InboundMessage AsContact(EhrPatient patient, DateTimeOffset now)
    {
        var from = new List<SenderIdentity> { new(PatientIdentityKind, $"{ehr.Ehr}/{patient.Id}") };
        from.AddRange(patient.Phones.Select(p => new SenderIdentity("phone", p)));
        from.AddRange(patient.Emails.Select(e => new SenderIdentity("email", e)));
        return new InboundMessage
        {
            Source = "fhir",
            ProviderMessageId = "Patient/" + patient.Id,
            Channel = "ehr",
            SentAt = now,
            From = from,
            DisplayName = patient.Name,
        };
    }
}
