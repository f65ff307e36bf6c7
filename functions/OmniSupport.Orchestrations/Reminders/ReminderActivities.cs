using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Appointments;
using OmniSupport.Core.Common;
using OmniSupport.Core.Outbound;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Timeline;
using OmniSupport.Orchestrations.Activities;

namespace OmniSupport.Orchestrations.Reminders;

/// <summary>
/// What every reminder outcome does in one place: the appointment's status, step and last contact, a
/// line on the patient's timeline, and a completed FHIR Communication about the appointment in the EHR.
/// Each write is keyed by the outcome, so a retried activity writes nothing twice.
/// </summary>
public sealed class ReminderRecorder(IAppointmentStore store, ITimelineStore timeline, IEhrClient ehr)
{
    public async Task<Appointment> LoadAsync(string appointmentId, CancellationToken ct) =>
        await store.GetAsync(appointmentId, ct) ?? throw new NotFoundException($"Appointment {appointmentId}");

    /// <summary>Sets the status and records the step, the timeline line and (unless <paramref name="communicate"/> is false) the Communication.</summary>
    public async Task<string> RecordAsync(Appointment appointment, ReminderOutcomeInput input, bool communicate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        ArgumentNullException.ThrowIfNull(input);
        appointment.Status = input.StatusCode;
        appointment.UpdatedAt = input.At;
        appointment.LastContact = new LastContact(input.Channel, input.At, input.Summary);
        appointment.AddStep(new AppointmentStep(input.At, input.StatusCode, input.Summary, input.Channel, input.StatusCode));
        var note = "";
        if (communicate)
        {
            var written = await ehr.RecordCommunicationAsync(
                StableId.From("com", appointment.Id, input.StatusCode, input.Summary), appointment.FhirId, appointment.PatientFhirId,
                Medium(input.Channel), input.Summary, input.At, ct);
            if (!written.Done)
            {
                appointment.EhrProblem = written.Summary;
                appointment.AddStep(new AppointmentStep(input.At, "ehr-refused", written.Summary, "ehr"));
                note = "; EHR refused the Communication";
            }
        }

        await store.SaveAsync(appointment, ct);
        await timeline.AppendAsync(new TimelineEvent
        {
            Id = StableId.From("evt", "reminder", appointment.Id, input.StatusCode, input.Summary),
            CustomerId = appointment.CustomerId,
            Channel = input.Channel,
            Direction = Direction.System,
            Provider = "hospital",
            OccurredAt = input.At,
            Text = $"{ReminderStatuses.Display(input.StatusCode)}: {input.Summary}",
            Metadata = new Dictionary<string, string> { ["kind"] = "appointment-" + input.StatusCode, ["appointmentId"] = appointment.Id },
        }, ct);
        return ReminderStatuses.Display(input.StatusCode) + note;
    }

    /// <summary>The Communication.medium code (v3 ParticipationMode) for a channel.</summary>
    public static string Medium(string channel) => channel switch
    {
        "sms" or "whatsapp" => "SMSWRIT",
        "email" => "EMAILWRIT",
        "voice" or "phone" => "PHONE",
        _ => "WRITTEN",
    };
}

/// <summary>Sends the reminder SMS (email when no phone is known) through the outbound queue, and waits for its answer.</summary>
public sealed class SendAppointmentReminder(
    ReminderRecorder recorder,
    IAppointmentStore store,
    CustomerContacts contacts,
    IOutboundQueue outbound,
    IOptions<HospitalOptions> options) : TaskActivity<ReminderStepInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, ReminderStepInput input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(ReminderStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var appointment = await recorder.LoadAsync(input.AppointmentId, ct);
        var customer = await contacts.GetAsync(appointment.CustomerId, ct);
        var phone = customer is null ? null : CustomerContacts.AddressFor(customer, "sms");
        var email = customer is null ? null : CustomerContacts.AddressFor(customer, "email");
        var (channel, to) = phone is not null ? ("sms", phone) : ("email", email);
        if (to is null)
        {
            return await recorder.RecordAsync(appointment, new ReminderOutcomeInput(appointment.Id, ReminderStatuses.Sent, "sms", "No phone or email known: reminder not sent", input.At), false, ct);
        }

        var text = Text(options.Value.Reminders.Text, appointment);
        await outbound.EnqueueAsync(new OutboundMessage
        {
            Id = StableId.From("out", "reminder", appointment.Id),
            Kind = OutboundKinds.Reminder,
            Channel = channel,
            To = to,
            CustomerId = appointment.CustomerId,
            Subject = "Appointment reminder",
            Text = text,
            ReplyToken = ReminderReplyText.ReplyToken(appointment.Id),
            Actor = "reminder",
            CreatedAt = input.At,
            Metadata = new Dictionary<string, string> { ["appointmentId"] = appointment.Id },
        }, ct);
        await store.SetAwaitingReplyAsync(appointment.CustomerId, appointment.Id, input.At, ct);
        return await recorder.RecordAsync(appointment, new ReminderOutcomeInput(appointment.Id, ReminderStatuses.Sent, channel, "Reminder sent by " + channel.ToUpperInvariant(), input.At), true, ct);
    }

    public static string Text(string template, Appointment appointment)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(appointment);
        return template
            .Replace("{name}", appointment.PatientName?.Split(' ')[0] ?? "there", StringComparison.Ordinal)
            .Replace("{when}", appointment.Start.UtcDateTime.ToString("ddd d MMM 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{where}", appointment.LocationName is null ? "" : " at " + appointment.LocationName, StringComparison.Ordinal);
    }
}

/// <summary>No answer to the reminder: an outbound call task (the SLA's store and Twilio dialer) for the patient's phone.</summary>
public sealed class CreateReminderCall(ReminderRecorder recorder, CustomerContacts contacts, ICallTaskStore tasks, ICallbackQueue callbacks)
    : TaskActivity<ReminderStepInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, ReminderStepInput input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(ReminderStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var appointment = await recorder.LoadAsync(input.AppointmentId, ct);
        var customer = await contacts.GetAsync(appointment.CustomerId, ct);
        var task = await tasks.CreateIfMissingAsync(new CallTask
        {
            Id = StableId.From("call", "reminder", appointment.Id, input.Attempt.ToString(CultureInfo.InvariantCulture)),
            ConversationId = ReminderOrchestrator.InstanceId(appointment.Id),
            CustomerId = appointment.CustomerId,
            Phone = customer is null ? null : CustomerContacts.AddressFor(customer, "voice"),
            Reason = $"No answer to the reminder of the appointment on {appointment.Start:yyyy-MM-dd HH:mm} UTC (call {input.Attempt})",
            Queue = "patient-services",
            CreatedAt = input.At,
        }, ct);
        if (task.Status == CallTaskStatus.Open)
        {
            await callbacks.EnqueueAsync(task.Id, ct);
        }

        var summary = $"No reply to the reminder: call task {task.Id} (call {input.Attempt})" + (task.Phone is null ? ", no phone number known" : "");
        return await recorder.RecordAsync(appointment, new ReminderOutcomeInput(appointment.Id, ReminderStatuses.PendingCall, "voice", summary, input.At), false, ct);
    }
}

/// <summary>A final outcome (confirmed, follow-up complete, cancelled in the EHR): recorded and written back as a Communication.</summary>
public sealed class RecordReminderOutcome(ReminderRecorder recorder, IAppointmentStore store) : TaskActivity<ReminderOutcomeInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, ReminderOutcomeInput input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(ReminderOutcomeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var appointment = await recorder.LoadAsync(input.AppointmentId, ct);
        await store.ClearAwaitingReplyAsync(appointment.CustomerId, appointment.Id, ct);
        return await recorder.RecordAsync(appointment, input, input.StatusCode != ReminderStatuses.CancelledInEhr, ct);
    }
}

/// <summary>A step on the way (a call that found a busy line), on the history and the timeline, status unchanged in kind.</summary>
public sealed class RecordReminderStep(ReminderRecorder recorder) : TaskActivity<ReminderOutcomeInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, ReminderOutcomeInput input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(ReminderOutcomeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var appointment = await recorder.LoadAsync(input.AppointmentId, ct);
        return await recorder.RecordAsync(appointment, input, false, ct);
    }
}

/// <summary>
/// The patient cancelled: the EHR's Appointment is set cancelled with a reason (If-Match on the version the
/// hub read; a stale version is re-read and retried once), the slot is freed or a rebook Task opened, the
/// staff view flags the slot, and the outcome is written back as a Communication. A 423 from the EHR throws,
/// so Durable retries the activity later; a refused transition is recorded for staff, never a silent success.
/// </summary>
public sealed class CancelAppointmentInEhr(ReminderRecorder recorder, IAppointmentStore store, IEhrClient ehr) : TaskActivity<ReminderOutcomeInput, string>
{
    public const string Reason = "Patient cancelled in reply to the appointment reminder";

    public override Task<string> RunAsync(TaskActivityContext context, ReminderOutcomeInput input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(ReminderOutcomeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var appointment = await recorder.LoadAsync(input.AppointmentId, ct);
        await store.ClearAwaitingReplyAsync(appointment.CustomerId, appointment.Id, ct);
        if (appointment.EhrStatus != "cancelled")
        {
            var cancelled = await ehr.CancelAppointmentAsync(appointment.FhirId, appointment.VersionId, Reason + " (" + input.Channel + ")", ct);
            if (!cancelled.Done)
            {
                appointment.EhrProblem = cancelled.Summary;
                appointment.AddStep(new AppointmentStep(input.At, "ehr-refused", cancelled.Summary, "ehr"));
                return await recorder.RecordAsync(appointment, input, true, ct);
            }

            appointment.EhrStatus = "cancelled";
            appointment.VersionId = cancelled.VersionId ?? appointment.VersionId;
            appointment.AddStep(new AppointmentStep(input.At, "ehr-cancelled", cancelled.Summary, "ehr"));
        }

        if (!appointment.SlotToRebook)
        {
            var released = await ehr.ReleaseSlotAsync(appointment.FhirId, appointment.SlotId, ct);
            appointment.SlotToRebook = true;
            appointment.AddStep(new AppointmentStep(input.At, released.Done ? "slot-released" : "ehr-refused", released.Summary, "ehr"));
            if (!released.Done)
            {
                appointment.EhrProblem = released.Summary;
            }
        }

        return await recorder.RecordAsync(appointment, input, true, ct);
    }
}
