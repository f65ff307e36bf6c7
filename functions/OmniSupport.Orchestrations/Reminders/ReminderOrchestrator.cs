using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Appointments;

namespace OmniSupport.Orchestrations.Reminders;

/// <summary>
/// One per appointment (<c>reminder-{appointmentId}</c>): waits until the lead time before the start, sends
/// the SMS reminder, waits for the answer or the reply window, then opens call tasks (retrying a busy or
/// unanswered line) until a call completes. A confirmation, a cancellation (SMS X or an email) or a
/// cancellation in the EHR ends it at any point. The human-interaction pattern: each wait is a timer raced
/// with the next external event, the timer that lost cancelled. Deterministic: time from the context, every
/// effect in an activity.
/// </summary>
public sealed class ReminderOrchestrator : TaskOrchestrator<ReminderState, ReminderOutcome>
{
    public const string InstancePrefix = "reminder-";

    public static string InstanceId(string appointmentId) => InstancePrefix + appointmentId;

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    /// <summary>The EHR says locked (423) or is briefly away: come back later, for up to about an hour.</summary>
    private static readonly TaskOptions EhrRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(8, TimeSpan.FromSeconds(10), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(15)));

    public override async Task<ReminderOutcome> RunAsync(TaskOrchestrationContext context, ReminderState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var log = context.CreateReplaySafeLogger<ReminderOrchestrator>();
        var waiter = new Waiter(context);
        var times = state.Times;

        // 1. Until the reminder is due; a move in the EHR moves the reminder, a cancellation there ends it.
        while (true)
        {
            var remindAt = state.Start - times.LeadTime;
            if (Now(context) >= remindAt)
            {
                break;
            }

            var signal = await waiter.NextAsync(remindAt);
            if (signal is null)
            {
                break;
            }

            if (signal.Kind == ReminderSignalKinds.Rescheduled && signal.Start is { } start)
            {
                state.Start = start;
            }
            else if (await EndsAsync(context, state, signal) is { } ended)
            {
                return ended;
            }
        }

        await context.CallActivityAsync<string>(nameof(SendAppointmentReminder), new ReminderStepInput(state.AppointmentId, Now(context)), StepRetry);
        log.LogInformation("Reminder {AppointmentId}: sent", state.AppointmentId);

        // 2. The reply window.
        var replyBy = Now(context) + times.ReplyWindow;
        while (true)
        {
            var signal = await waiter.NextAsync(replyBy);
            if (signal is null)
            {
                break;
            }

            if (await EndsAsync(context, state, signal) is { } ended)
            {
                return ended;
            }
        }

        // 3. No answer: call, and call again after a busy line or no answer.
        for (var attempt = 1; attempt <= times.CallAttempts; attempt++)
        {
            await context.CallActivityAsync<string>(nameof(CreateReminderCall), new ReminderStepInput(state.AppointmentId, Now(context), attempt), StepRetry);
            var outcomeBy = Now(context) + times.CallOutcomeWindow;
            string? callStatus = null;
            while (callStatus is null)
            {
                var signal = await waiter.NextAsync(outcomeBy);
                if (signal is null)
                {
                    callStatus = "no outcome";
                    break;
                }

                if (signal.Kind == ReminderSignalKinds.CallEnded)
                {
                    callStatus = signal.CallStatus ?? "unknown";
                }
                else if (await EndsAsync(context, state, signal) is { } ended)
                {
                    return ended;
                }
            }

            if (callStatus == "completed")
            {
                return await RecordAsync(context, state, ReminderStatuses.FollowUpComplete, "voice", $"Follow-up call completed (attempt {attempt})");
            }

            log.LogInformation("Reminder {AppointmentId}: call attempt {Attempt} ended {Status}", state.AppointmentId, attempt, callStatus);
            if (attempt < times.CallAttempts)
            {
                await context.CallActivityAsync<string>(nameof(RecordReminderStep), new ReminderOutcomeInput(
                    state.AppointmentId, ReminderStatuses.PendingCall, "voice", $"Call attempt {attempt}: {callStatus}; next call in {times.CallRetryDelay}", Now(context)), StepRetry);
                var retryAt = Now(context) + times.CallRetryDelay;
                while (await waiter.NextAsync(retryAt) is { } signal)
                {
                    if (await EndsAsync(context, state, signal) is { } ended)
                    {
                        return ended;
                    }
                }
            }
        }

        await context.CallActivityAsync<string>(nameof(RecordReminderStep), new ReminderOutcomeInput(
            state.AppointmentId, ReminderStatuses.PendingCall, "voice", $"Not reached after {times.CallAttempts} calls: staff to follow up", Now(context)), StepRetry);
        return new ReminderOutcome(ReminderStatuses.PendingCall, Now(context));
    }

    /// <summary>A signal that ends the reminder (confirmed, cancelled by the patient or in the EHR), recorded; null for one that does not.</summary>
    private static async Task<ReminderOutcome?> EndsAsync(TaskOrchestrationContext context, ReminderState state, ReminderSignal signal)
    {
        switch (signal.Kind)
        {
            case ReminderSignalKinds.Confirmed:
                return await RecordAsync(context, state, signal.Channel == "email" ? ReminderStatuses.ConfirmedEmail : ReminderStatuses.ConfirmedSms, signal.Channel ?? "sms", "Patient confirmed by " + (signal.Channel ?? "sms").ToUpperInvariant());

            case ReminderSignalKinds.Cancelled:
                var byEmail = signal.Channel == "email";
                var code = byEmail ? ReminderStatuses.CancelledEmail : ReminderStatuses.CancelledSms;
                await context.CallActivityAsync<string>(nameof(CancelAppointmentInEhr), new ReminderOutcomeInput(
                    state.AppointmentId, code, signal.Channel ?? "sms", byEmail ? "Patient cancelled by email" : "Patient cancelled by SMS", signal.At), EhrRetry);
                return new ReminderOutcome(code, Now(context));

            case ReminderSignalKinds.CancelledInEhr:
                return await RecordAsync(context, state, ReminderStatuses.CancelledInEhr, "ehr", "Cancelled in the EHR: reminder stopped");

            default:
                return null; // a move after the reminder went out, a late call outcome: nothing to do
        }
    }

    private static async Task<ReminderOutcome> RecordAsync(TaskOrchestrationContext context, ReminderState state, string code, string channel, string summary)
    {
        await context.CallActivityAsync<string>(nameof(RecordReminderOutcome), new ReminderOutcomeInput(state.AppointmentId, code, channel, summary, Now(context)), EhrRetry);
        return new ReminderOutcome(code, Now(context));
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

    /// <summary>
    /// One event waiter for the whole execution: a waiter left pending when a timer won is reused by the
    /// next wait (a second one would take the next event first and lose it).
    /// </summary>
    private sealed class Waiter(TaskOrchestrationContext context)
    {
        private Task<ReminderSignal>? _pending;

        /// <summary>The next signal before <paramref name="until"/>, or null when the time came first.</summary>
        public async Task<ReminderSignal?> NextAsync(DateTimeOffset until)
        {
            _pending ??= context.WaitForExternalEvent<ReminderSignal>(ReminderSignal.EventName);
            if (Now(context) >= until && !_pending.IsCompleted)
            {
                return null;
            }

            using var cts = new CancellationTokenSource();
            var timer = context.CreateTimer(until.UtcDateTime, cts.Token);
            if (await Task.WhenAny(_pending, timer) != _pending)
            {
                return null;
            }

            cts.Cancel();
            var signal = await _pending;
            _pending = null;
            return signal;
        }
    }
}
