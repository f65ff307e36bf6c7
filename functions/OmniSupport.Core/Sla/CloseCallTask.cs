using Microsoft.Extensions.Logging;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Sla;

/// <summary>
/// Closes a call task with its outcome: from a voice call status callback (by the call's provider id)
/// or from an agent (by the task id). Closing a closed task changes nothing, so a redelivered status
/// callback is harmless.
/// </summary>
/// <summary>Hears of every call task that was closed (by the call's outcome or by an agent's hand), once.</summary>
public interface ICallTaskClosedSink
{
    Task ClosedAsync(CallTask task, CancellationToken ct);
}

public sealed class CloseCallTask(ICallTaskStore tasks, TimeProvider clock, IEnumerable<ICallTaskClosedSink> sinks, ILogger<CloseCallTask> log)
{
    /// <summary>Terminal Twilio call statuses; an in-progress status (queued, ringing, in-progress) leaves the task as it is.</summary>
    public static readonly IReadOnlySet<string> FinalStatuses = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "completed", "busy", "no-answer", "failed", "canceled",
    };

    /// <summary>Returns the task after the call, or null when no task has that id or call id.</summary>
    public async Task<CallTask?> CloseAsync(string taskIdOrCallSid, string outcome, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(outcome))
        {
            throw new DomainRuleException("An outcome is required to close a call task.", 400);
        }

        var task = await tasks.GetAsync(taskIdOrCallSid, ct) ?? await tasks.FindByCallSidAsync(taskIdOrCallSid, ct);
        if (task is null)
        {
            return null;
        }

        if (task.Status == CallTaskStatus.Closed)
        {
            return task;
        }

        if (task.CallSid == taskIdOrCallSid && !FinalStatuses.Contains(outcome))
        {
            return task;
        }

        task.Status = CallTaskStatus.Closed;
        task.Outcome = outcome;
        task.ClosedAt = clock.GetUtcNow();
        await tasks.UpdateAsync(task, ct);
        log.LogInformation("Call task {CallTaskId} of {ConversationId} closed: {Outcome}", task.Id, task.ConversationId, outcome);
        foreach (var sink in sinks)
        {
            await sink.ClosedAsync(task, ct);
        }

        return task;
    }
}

/// <summary>Closes the SLA call task a finished call belongs to (the voice status callback's outcome, by CallSid).</summary>
public sealed class CloseCallTaskOnCallEnd(CloseCallTask close) : OmniSupport.Core.Voice.ICallOutcomeSink
{
    public async Task CallEndedAsync(OmniSupport.Core.Voice.CallOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await close.CloseAsync(outcome.CallId, outcome.Status, ct);
    }
}
