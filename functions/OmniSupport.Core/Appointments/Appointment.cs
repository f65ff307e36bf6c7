namespace OmniSupport.Core.Appointments;

/// <summary>
/// Where an appointment's reminder stands: a stable code for machines and the words the staff view
/// shows. The codes never change; the display texts are the ones the patient-services team uses.
/// </summary>
public static class ReminderStatuses
{
    public const string Pending = "pending-reminder";
    public const string Sent = "reminder-sent";
    public const string ConfirmedSms = "confirmed-sms";
    public const string ConfirmedEmail = "confirmed-email";
    public const string CancelledSms = "cancelled-sms";
    public const string CancelledEmail = "cancelled-email";
    public const string CancelledInEhr = "cancelled-ehr";
    public const string PendingCall = "no-response-pending-call";
    public const string FollowUpComplete = "follow-up-complete";

    public static readonly IReadOnlyList<string> All =
        [Pending, Sent, ConfirmedSms, ConfirmedEmail, CancelledSms, CancelledEmail, CancelledInEhr, PendingCall, FollowUpComplete];

    public static string Display(string code) => code switch
    {
        Pending => "Pending reminder",
        Sent => "Reminder sent",
        ConfirmedSms => "Confirmed via SMS",
        ConfirmedEmail => "Confirmed via Email",
        CancelledSms => "Cancelled via SMS",
        CancelledEmail => "Cancelled via Email",
        CancelledInEhr => "Cancelled in EHR",
        PendingCall => "No Response — Pending Call",
        FollowUpComplete => "Follow-Up Complete",
        _ => code,
    };

    /// <summary>States after which the reminder orchestration has nothing left to do.</summary>
    public static bool IsFinal(string code) => code is ConfirmedSms or ConfirmedEmail or CancelledSms or CancelledEmail or CancelledInEhr or FollowUpComplete;
}

/// <summary>One step in an appointment's history, as the staff view's detail lists it.</summary>
public sealed record AppointmentStep(DateTimeOffset At, string Kind, string Summary, string? Channel = null, string? Status = null);

/// <summary>The last time the hub and the patient were in touch about this appointment.</summary>
public sealed record LastContact(string Channel, DateTimeOffset At, string Summary);

/// <summary>
/// One EHR appointment as the hub keeps it: what the EHR said (id, version, patient, time, place,
/// status) and what the reminder workflow did (status, contact, steps). Stored in the Appointments
/// table under the day it starts, so a day's staff view is one partition read.
/// </summary>
public sealed class Appointment
{
    /// <summary>The hub's id: stable from the EHR name and the FHIR id (<see cref="IdFor"/>).</summary>
    public required string Id { get; init; }
    public required string Ehr { get; init; }
    public required string FhirId { get; init; }

    /// <summary>meta.versionId as last read: the If-Match of a write-back, the test of an idempotent re-read.</summary>
    public string? VersionId { get; set; }
    public required string PatientFhirId { get; set; }
    public required string CustomerId { get; set; }
    public string? PatientName { get; set; }
    public required DateTimeOffset Start { get; set; }
    public DateTimeOffset? End { get; set; }
    public string? Location { get; set; }
    public string? LocationName { get; set; }
    public string? Practitioner { get; set; }
    public string? SlotId { get; set; }

    /// <summary>Appointment.status in the EHR (booked, cancelled…).</summary>
    public string EhrStatus { get; set; } = "booked";
    public string Status { get; set; } = ReminderStatuses.Pending;
    public bool SlotToRebook { get; set; }

    /// <summary>An EHR refusal staff must look at (a forbidden transition), never hidden as a success.</summary>
    public string? EhrProblem { get; set; }
    public LastContact? LastContact { get; set; }
    public List<AppointmentStep> Steps { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The UTC day the appointment starts on: its partition in the Appointments table.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Start.UtcDateTime);

    public static string IdFor(string ehr, string fhirId) => OmniSupport.Core.Common.StableId.From("apt", ehr, fhirId);

    public void AddStep(AppointmentStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!Steps.Any(s => s.Kind == step.Kind && s.At == step.At && s.Summary == step.Summary))
        {
            Steps.Add(step);
        }
    }
}
