using OmniSupport.Core.Conversations;
using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations;

/// <summary>
/// Whether a signal would change what the SLA orchestration does: the orchestrator's own rule
/// (<see cref="SlaOrchestrator.Apply"/>) run on a copy of the state, and the plan it leads to
/// (<see cref="SlaPlan"/>) compared with the plan before. A signal that leaves the wait, its target, its
/// due time, the policy and the escalation steps as they were need not be sent: the orchestration would
/// do nothing different with it (the policy's name and the channel follow-ups go out on stay as they
/// were: the next signal brings them).
/// </summary>
public static class SlaChange
{
    public static bool Changes(SlaState before, SlaSignal signal)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Kind != SlaSignalKinds.CustomerMessage)
        {
            return true; // a reply, a queue change and the resolution always change the plan or the record
        }

        var after = before.Copy();
        SlaOrchestrator.Apply(after, signal);
        return after.WaitingSince != before.WaitingSince
            || after.Target != before.Target
            || after.Breached != before.Breached
            || after.StepsDone != before.StepsDone
            || after.Queue != before.Queue
            || after.Priority != before.Priority
            || SlaPlan.DueAt(after) != SlaPlan.DueAt(before)
            || !Steps(after).SequenceEqual(Steps(before));
    }

    /// <summary>The escalation plan of the current wait: each step's time and action, in order.</summary>
    private static IEnumerable<(DateTimeOffset? At, string Action)> Steps(SlaState state) =>
        (state.Policy?.Escalations ?? []).Select((step, i) => (SlaPlan.StepAt(state, i), step.Action));

    /// <summary>
    /// The orchestration's state as the conversation row tells it, before a customer message: waiting when
    /// the customer's last message is newer than the agent's last reply (<see cref="Conversation.LastAgentReplyAt"/>,
    /// written before the reply's signal leaves), under the policy of the channel of that last message.
    /// The exact start of the wait is not on the row; the last message's time stands in for it, which
    /// changes no comparison: a message that joins a wait leaves its start as it was.
    /// </summary>
    public static SlaState Known(Conversation conversation, InboundBefore before, SlaPolicy? policy, string? tier)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(before);
        var replied = conversation.LastAgentReplyAt;
        var waiting = before.LastInboundAt is { } last && (replied is null || last > replied);
        return new SlaState
        {
            ConversationId = conversation.Id,
            CustomerId = conversation.CustomerId,
            Channel = before.LastInboundChannel,
            Queue = conversation.Queue,
            Priority = conversation.Priority,
            Tier = tier,
            Policy = policy,
            Target = replied is null ? Core.Sla.SlaTargets.FirstResponse : Core.Sla.SlaTargets.NextResponse,
            WaitingSince = waiting ? before.LastInboundAt : null,
            LastCustomerMessageAt = before.LastInboundAt,
            LastAgentReplyAt = replied,
        };
    }
}
