namespace OmniSupport.Core.Appointments;

public interface IAppointmentStore
{
    Task<Appointment?> GetAsync(string appointmentId, CancellationToken ct);

    /// <summary>Writes the appointment under its day (moving it when its day changed) and its id index.</summary>
    Task SaveAsync(Appointment appointment, CancellationToken ct);

    /// <summary>Every appointment of one UTC day, earliest first.</summary>
    Task<IReadOnlyList<Appointment>> ListDayAsync(DateOnly day, CancellationToken ct);

    /// <summary>Remembers that a reminder waits for this customer's answer (one per customer: the latest).</summary>
    Task SetAwaitingReplyAsync(string customerId, string appointmentId, DateTimeOffset since, CancellationToken ct);

    /// <summary>The appointment whose reminder waits for this customer's answer, if any.</summary>
    Task<string?> GetAwaitingReplyAsync(string customerId, CancellationToken ct);

    Task ClearAwaitingReplyAsync(string customerId, string appointmentId, CancellationToken ct);
}

/// <summary>An Appointment as the EHR has it (read over FHIR).</summary>
public sealed record EhrAppointment(
    string Id,
    string? VersionId,
    string Status,
    DateTimeOffset Start,
    DateTimeOffset? End,
    string PatientId,
    string? LocationId,
    string? LocationName,
    string? PractitionerId,
    string? SlotId);

/// <summary>A Patient as the EHR has it: the name and the telecom entries the hub resolves identities from.</summary>
public sealed record EhrPatient(string Id, string? Name, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails);

/// <summary>What the EHR's write-back said: done, or refused for a reason staff must see.</summary>
public sealed record EhrWriteResult(bool Done, string Summary, string? VersionId = null);

/// <summary>The EHR, as the hospital scenario needs it (Channels/Fhir implements it over FHIR R4).</summary>
public interface IEhrClient
{
    /// <summary>The EHR's name, the first part of every <c>fhir-patient</c> identity (<c>{ehr}/{Patient.id}</c>).</summary>
    string Ehr { get; }

    /// <summary>Appointments starting in [from, to), optionally at one location or with one practitioner.</summary>
    Task<IReadOnlyList<EhrAppointment>> SearchAppointmentsAsync(DateTimeOffset from, DateTimeOffset to, string? location, string? practitioner, CancellationToken ct);

    Task<EhrAppointment?> ReadAppointmentAsync(string id, CancellationToken ct);

    Task<EhrPatient?> ReadPatientAsync(string id, CancellationToken ct);

    /// <summary>
    /// Sets the Appointment cancelled with the reason, version-aware (If-Match on <paramref name="versionId"/>;
    /// a stale version is read again and retried once). Throws <see cref="EhrLockedException"/> when the EHR
    /// says to come back later; a refused transition comes back as not done.
    /// </summary>
    Task<EhrWriteResult> CancelAppointmentAsync(string id, string? versionId, string reason, CancellationToken ct);

    /// <summary>Frees the slot where the EHR allows it, else opens a rebook Task focused on the appointment.</summary>
    Task<EhrWriteResult> ReleaseSlotAsync(string appointmentId, string? slotId, CancellationToken ct);

    /// <summary>Writes a completed Communication about the appointment, for the patient, on the medium (sms, phone, email).</summary>
    Task<EhrWriteResult> RecordCommunicationAsync(string communicationId, string appointmentId, string patientId, string medium, string text, DateTimeOffset sent, CancellationToken ct);
}

/// <summary>The EHR is busy with the record (HTTP 423): try again later.</summary>
public sealed class EhrLockedException(string message) : Exception(message);

/// <summary>What tells a reminder orchestration that something happened (the <c>reminders</c> queue).</summary>
public interface IReminderSignalQueue
{
    Task EnqueueAsync(ReminderSignalMessage message, CancellationToken ct);
}

public static class ReminderSignalKinds
{
    /// <summary>Start the reminder orchestration (a newly imported appointment).</summary>
    public const string Start = "start";
    public const string Confirmed = "confirmed";
    public const string Cancelled = "cancelled";
    public const string CancelledInEhr = "cancelled-in-ehr";
    public const string Rescheduled = "rescheduled";
    public const string CallEnded = "call-ended";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { Start, Confirmed, Cancelled, CancelledInEhr, Rescheduled, CallEnded };
}

/// <summary>A queue message for the reminder orchestration of one appointment.</summary>
public sealed class ReminderSignalMessage
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public required string Kind { get; init; }
    public required string AppointmentId { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>The channel the patient used (sms, email, voice).</summary>
    public string? Channel { get; init; }

    /// <summary>The call's status for <see cref="ReminderSignalKinds.CallEnded"/> (completed, busy, no-answer…).</summary>
    public string? CallStatus { get; init; }

    /// <summary>The patient's words, for the summary (never logged).</summary>
    public string? Text { get; init; }
    public DateTimeOffset? Start { get; init; }
}
