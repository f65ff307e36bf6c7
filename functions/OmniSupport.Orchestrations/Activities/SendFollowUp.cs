using System.Globalization;
using Microsoft.DurableTask;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>
/// Writes to the customer on another channel they have (an X mention nobody answered gets an email
/// when the email is known): the first channel of the step's list that is not the one in use and for
/// which the customer has an address.
/// </summary>
public sealed class SendFollowUp(CustomerContacts contacts, IOutboundQueue outbound, SlaStepLog stepLog, TimeProvider clock, ConversationGuard guard)
    : TaskActivity<SlaStepInput, string>
{
    public const string DefaultText =
        "We have seen your message and have not forgotten you: an agent will answer shortly. You can also reply here.";

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
        (string Channel, string? To)? target = customer is null
            ? null
            : input.Step.Channels
                .Where(c => !string.Equals(c, state.Channel, StringComparison.OrdinalIgnoreCase))
                .Select(c => (Channel: c, To: CustomerContacts.AddressFor(customer, c)))
                .Cast<(string Channel, string? To)?>()
                .FirstOrDefault(t => t!.Value.To is not null);

        string outcome;
        if (target?.To is not { } to)
        {
            outcome = $"skipped: the customer has none of {string.Join(", ", input.Step.Channels)} besides {state.Channel}";
        }
        else
        {
            await outbound.EnqueueAsync(new OutboundMessage
            {
                Id = StableId.From("out", "sla-follow-up", state.ConversationId, NotifySupervisor.Stamp(state), input.StepIndex.ToString(CultureInfo.InvariantCulture)),
                Kind = OutboundKinds.FollowUp,
                Channel = target.Value.Channel,
                To = to,
                CustomerId = customer!.Id,
                ConversationId = state.ConversationId,
                Subject = "About your message to us",
                Text = input.Step.Text ?? DefaultText,
                Actor = "sla",
                Metadata = new Dictionary<string, string> { ["sla.policy"] = state.Policy?.Name ?? "", ["sla.originalChannel"] = state.Channel ?? "" },
                CreatedAt = clock.GetUtcNow(),
            }, ct);
            outcome = "sent on " + target.Value.Channel;
        }

        await stepLog.RecordAsync(input, outcome, ct);
        return outcome;
    }
}
