using Microsoft.DurableTask;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>Moves the conversation to another queue and/or priority (the orchestration hears of it as a queue change).</summary>
public sealed class RequeueConversation(ChangeQueue changeQueue, SlaStepLog stepLog, ConversationGuard guard) : TaskActivity<SlaStepInput, string>
{
    public const string Actor = "sla";

    public override Task<string> RunAsync(TaskActivityContext context, SlaStepInput input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(SlaStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await guard.StepRefusalAsync(input, ct) is { } refusal)
        {
            return refusal; // nothing recorded: the resolve wrote the conversation's final status
        }
        string outcome;
        try
        {
            var conversation = await changeQueue.ChangeAsync(input.State.ConversationId, input.Step.Queue, input.Step.Priority, Actor, "SLA escalation step", ct);
            outcome = $"queue {conversation.Queue ?? "(none)"}, priority {conversation.Priority}";
        }
        catch (Exception ex) when (ex is DomainRuleException or NotFoundException)
        {
            outcome = "skipped: " + ex.Message;
        }

        await stepLog.RecordAsync(input, outcome, ct);
        return outcome;
    }
}
