using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Sla;

namespace OmniSupport.Orchestrations.Calls;

/// <summary>
/// The <c>callbacks</c> queue's use case: places a call task's call through the configured dialer
/// (<see cref="ICallDialer"/>: Twilio Voice, <c>Channels:Twilio</c>), once, and only while its conversation is
/// still open: a task whose conversation was resolved in the meantime is closed without a call (a reminder's
/// task, which belongs to no conversation, is dialed). Without a
/// dialer the task stays open in <c>GET /api/callbacks</c> for an agent to dial.
/// </summary>
public sealed class PlaceCallTask(
    ICallTaskStore tasks,
    IConversationStore conversations,
    ICallDialer dialer,
    TimeProvider clock,
    ILogger<PlaceCallTask> log)
{
    /// <summary>The outcome of a task closed because its conversation was resolved before the call.</summary>
    public const string ConversationResolvedOutcome = "not-dialed:conversation-resolved";

    public async Task HandleAsync(string callTaskId, CancellationToken ct)
    {
        var task = await tasks.GetAsync(callTaskId.Trim(), ct);
        if (task is null || task.Status != CallTaskStatus.Open)
        {
            return;
        }

        if (!dialer.IsConfigured || task.Phone is null)
        {
            log.LogInformation("Call task {CallTaskId} waits for an agent ({Reason})", task.Id, dialer.IsConfigured ? "no phone number" : "no voice provider configured");
            return;
        }

        // An appointment reminder's task names its orchestration, not a conversation: no conversation, nothing to check.
        var conversation = await conversations.GetAsync(task.ConversationId, ct);
        if (conversation is { Status: ConversationStatus.Resolved })
        {
            task.Status = CallTaskStatus.Closed;
            task.Outcome = ConversationResolvedOutcome;
            task.ClosedAt = clock.GetUtcNow();
            await tasks.UpdateAsync(task, ct);
            log.LogInformation("Call task {CallTaskId} closed without a call: its conversation is resolved", task.Id);
            return;
        }

        if (!await tasks.TryClaimForDialingAsync(task.Id, ct))
        {
            return; // another delivery of this message is dialing it
        }

        PlacedCall call;
        try
        {
            call = await dialer.DialAsync(task.Id, task.Phone, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            task.Status = CallTaskStatus.Open; // give the task back: the message is retried (then poison, and the task stays listed)
            await tasks.UpdateAsync(task, ct);
            throw;
        }

        task.CallSid = call.CallId;
        task.Status = CallTaskStatus.Placed;
        task.PlacedAt = clock.GetUtcNow();
        await tasks.UpdateAsync(task, ct);
        log.LogInformation("Call task {CallTaskId} placed as {CallSid}", task.Id, task.CallSid);
    }
}
