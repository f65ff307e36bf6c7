using Microsoft.DurableTask;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Outbound;
using OmniSupport.Core.Surveys;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>
/// Sends the CSAT survey on the customer's channel (the conversation's, when it is SMS or email and the
/// customer has an address there; else email, else SMS) and remembers it as the customer's pending
/// survey, so their reply is recognised as its answer.
/// </summary>
public sealed class SendSurvey(CustomerContacts contacts, IOutboundQueue outbound, ISurveyStore surveys, TimeProvider clock, ConversationGuard guard)
    : TaskActivity<SurveyRequest, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, SurveyRequest input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(SurveyRequest input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await guard.SurveyRefusalAsync(input.ConversationId, ct) is { } refusal)
        {
            return refusal;
        }

        var customer = await contacts.GetAsync(input.CustomerId, ct);
        if (customer is null)
        {
            return "not sent: customer not found";
        }

        string[] order = input.Channel is "sms" or "email" ? [input.Channel, "email", "sms"] : ["email", "sms"];
        var target = order.Select(c => (Channel: c, To: CustomerContacts.AddressFor(customer, c))).FirstOrDefault(t => t.To is not null);
        if (target.To is null)
        {
            return "not sent: no email or phone known";
        }

        var now = clock.GetUtcNow();
        await outbound.EnqueueAsync(new OutboundMessage
        {
            Id = StableId.From("out", "survey", input.ConversationId),
            Kind = OutboundKinds.Survey,
            Channel = target.Channel,
            To = target.To,
            CustomerId = customer.Id,
            ConversationId = input.ConversationId,
            Subject = "How did we do?",
            Text = SurveyText.Question,
            Actor = "survey",
            CreatedAt = now,
        }, ct);
        await surveys.RecordSentAsync(new Survey { ConversationId = input.ConversationId, CustomerId = customer.Id, Channel = target.Channel, SentAt = now }, ct);
        return "sent on " + target.Channel;
    }
}
