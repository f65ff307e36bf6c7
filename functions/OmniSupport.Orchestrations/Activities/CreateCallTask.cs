using System.Globalization;
using Microsoft.DurableTask;
using OmniSupport.Core.Common;
using OmniSupport.Core.Sla;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>
/// Turns an unanswered conversation into an outbound call: a task in the CallTasks table (visible in
/// <c>GET /api/callbacks</c>) and a message on the <c>callbacks</c> queue for the dialer.
/// </summary>
public sealed class CreateCallTask(CustomerContacts contacts, ICallTaskStore tasks, ICallbackQueue callbacks, SlaStepLog stepLog, ConversationGuard guard)
    : TaskActivity<SlaStepInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, SlaStepInput input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(SlaStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await guard.StepRefusalAsync(input, ct) is { } refusal)
        {
            return refusal; // nothing recorded: the resolve wrote the conversation's final status
        }
        var state = input.State;
        var customer = await contacts.GetAsync(state.CustomerId, ct);
        var task = await tasks.CreateIfMissingAsync(new CallTask
        {
            Id = StableId.From("call", state.ConversationId, NotifySupervisor.Stamp(state), input.StepIndex.ToString(CultureInfo.InvariantCulture)),
            ConversationId = state.ConversationId,
            CustomerId = customer?.Id ?? state.CustomerId,
            Phone = customer is null ? null : CustomerContacts.AddressFor(customer, "voice"),
            Reason = input.Step.Text ?? $"No answer on {state.Channel} within the {state.Policy?.Name} SLA",
            Queue = state.Queue,
            CreatedAt = input.At,
        }, ct);
        await callbacks.EnqueueAsync(task.Id, ct);
        var outcome = $"call task {task.Id}" + (task.Phone is null ? " (no phone number known)" : "");
        await stepLog.RecordAsync(input, outcome, ct);
        return outcome;
    }
}
