using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Appointments;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Voice;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Orchestrations.Reminders;

/// <summary>The Durable client as the reminders need it (TaskHubClient in the Server, DurableTaskClient in Functions).</summary>
public interface IReminderOrchestrationClient
{
    Task<SlaInstanceState> GetStateAsync(string instanceId, CancellationToken ct);

    /// <summary>Starts the instance; false when one with that id already exists.</summary>
    Task<bool> TryStartAsync(string instanceId, ReminderState input, CancellationToken ct);

    Task RaiseAsync(string instanceId, ReminderSignal signal, CancellationToken ct);
}

/// <summary>
/// The <c>reminders</c> queue's use case: starts <c>reminder-{appointmentId}</c> for a newly imported
/// appointment (once: a second start is refused by the backend) or raises the signal on the running one.
/// </summary>
public sealed class ApplyReminderSignal(IOptions<HospitalOptions> options, ILogger<ApplyReminderSignal> log)
{
    public Task HandleAsync(string messageText, IReminderOrchestrationClient client, CancellationToken ct)
    {
        ReminderSignalMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<ReminderSignalMessage>(messageText, ReminderSignalMessage.Json);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null || !ReminderSignalKinds.All.Contains(message.Kind) || string.IsNullOrWhiteSpace(message.AppointmentId))
        {
            log.LogError("Reminder signal dropped: not a reminder signal message");
            return Task.CompletedTask;
        }

        return HandleAsync(message, client, ct);
    }

    public async Task HandleAsync(ReminderSignalMessage message, IReminderOrchestrationClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(client);
        var instanceId = ReminderOrchestrator.InstanceId(message.AppointmentId);
        if (message.Kind == ReminderSignalKinds.Start)
        {
            var input = new ReminderState
            {
                AppointmentId = message.AppointmentId,
                Start = message.Start ?? message.At,
                Times = ReminderTimes.From(options.Value.Reminders),
            };
            if (await client.TryStartAsync(instanceId, input, ct))
            {
                log.LogInformation("Reminder {InstanceId} started", instanceId);
            }

            return;
        }

        var state = await client.GetStateAsync(instanceId, ct);
        if (state != SlaInstanceState.Active)
        {
            log.LogInformation("Reminder signal {Kind} for {InstanceId} dropped: the orchestration is {State}", message.Kind, instanceId, state);
            return;
        }

        await client.RaiseAsync(instanceId, new ReminderSignal
        {
            Kind = message.Kind,
            At = message.At,
            Channel = message.Channel,
            CallStatus = message.CallStatus,
            Start = message.Start,
        }, ct);
    }
}

/// <summary>
/// A call task a reminder opened, once closed, goes to that reminder: closed by the Twilio call's final
/// status, or by an agent's hand (POST /api/callbacks/{id}/close). An agent's outcome that is a call status
/// (busy, no-answer, failed, canceled) is taken as that status, so the retry policy applies; any other
/// outcome (a note such as "spoke to the patient") means the follow-up is done: completed.
/// </summary>
public sealed class ReminderCallTaskClosed(IReminderSignalQueue signals, TimeProvider clock) : ICallTaskClosedSink
{
    public async Task ClosedAsync(CallTask task, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!task.ConversationId.StartsWith(ReminderOrchestrator.InstancePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var outcome = (task.Outcome ?? "").Trim().ToLowerInvariant();
        await signals.EnqueueAsync(new ReminderSignalMessage
        {
            Kind = ReminderSignalKinds.CallEnded,
            AppointmentId = task.ConversationId[ReminderOrchestrator.InstancePrefix.Length..],
            At = task.ClosedAt ?? clock.GetUtcNow(),
            Channel = "voice",
            CallStatus = CloseCallTask.FinalStatuses.Contains(outcome) ? outcome : "completed",
        }, ct);
    }
}

/// <summary>Every orchestrator and activity of the reminders: the Server registers these, the Functions app has a trigger for each.</summary>
public static class ReminderTasks
{
    public static readonly IReadOnlyList<Type> Orchestrators = [typeof(ReminderOrchestrator)];

    public static readonly IReadOnlyList<Type> Activities =
    [
        typeof(SendAppointmentReminder),
        typeof(CreateReminderCall),
        typeof(RecordReminderOutcome),
        typeof(RecordReminderStep),
        typeof(CancelAppointmentInEhr),
    ];
}
