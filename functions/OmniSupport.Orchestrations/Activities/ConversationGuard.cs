using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>
/// The last check before an SLA step acts on the world: escalations (follow-up, supervisor alert, call
/// task, requeue) only for a conversation that is still open, the survey only for one that is resolved.
/// The orchestration hears of a resolve through a signal that can reach it after the timer fired (or a
/// step is retried after the resolve); the conversation's own record is the truth at the moment of acting.
/// </summary>
public sealed class ConversationGuard(IConversationStore conversations, SlaStepLog stepLog)
{
    /// <summary>
    /// Why an escalation step must not act: it ran already (the activity is re-run when the host died before
    /// the orchestration saw its result; the step's time is the orchestration's, the same on every replay),
    /// or the conversation is no longer open. Null when the step should act.
    /// </summary>
    public async Task<string?> StepRefusalAsync(SlaStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await stepLog.DoneAsync(input, ct) is { } done)
        {
            return done.Outcome;
        }

        return await EscalationRefusalAsync(input.State.ConversationId, input.State.WaitingSince, ct);
    }

    /// <summary>
    /// Why an escalation step must not act (the step's outcome), or null when the conversation is open and, as far as
    /// its own record tells, the customer still waits: an agent's reply after the wait began, with no customer message
    /// after it, ended the wait even if the orchestration never heard of it (a backend can discard an event raised the
    /// moment its instance starts).
    /// </summary>
    public async Task<string?> EscalationRefusalAsync(string conversationId, DateTimeOffset? waitingSince, CancellationToken ct)
    {
        var conversation = await conversations.GetAsync(conversationId, ct);
        return conversation is null ? "skipped: the conversation does not exist"
            : conversation.Status == ConversationStatus.Resolved ? "skipped: the conversation is resolved"
            : Answered(conversation, waitingSince) ? "skipped: an agent answered"
            : null;
    }

    private static bool Answered(Conversation conversation, DateTimeOffset? waitingSince) =>
        waitingSince is { } since
        && conversation.LastAgentReplyAt is { } replied
        && replied >= since
        && !(conversation.LastInboundAt > replied);

    /// <summary>Why the survey must not go out, or null when the conversation is resolved.</summary>
    public async Task<string?> SurveyRefusalAsync(string conversationId, CancellationToken ct)
    {
        var conversation = await conversations.GetAsync(conversationId, ct);
        return conversation is null ? "not sent: the conversation does not exist"
            : conversation.Status != ConversationStatus.Resolved ? "not sent: the conversation is not resolved"
            : null;
    }
}
