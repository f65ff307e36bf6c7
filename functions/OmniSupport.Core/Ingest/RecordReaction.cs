using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Ingest;

/// <summary>
/// Claims a reaction (an emoji put on an earlier message, <see cref="InboundMessage.ReactionTo"/>): it goes on the
/// timeline, in the customer's open conversation if there is one, but it is not a message waiting for an answer.
/// A thumbs-up under the agent's "anything else?" neither starts an SLA wait nor reopens a resolved conversation.
/// </summary>
public sealed class RecordReaction(IConversationStore conversations, ITimelineStore timeline, ILogger<RecordReaction> log) : IInboundMessageClaim
{
    public const string Kind = "reaction";

    public async Task<bool> ClaimAsync(Customer customer, InboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(message);
        // A first contact's profile was written with a pointer to the conversation this message opens: it opens it.
        if (message.ReactionTo is not { Length: > 0 } reactedTo || message.Handoff is not null || customer.FirstContact)
        {
            return false;
        }

        var open = customer.OpenConversation is { } read ? read.ConversationId : await conversations.GetOpenIdAsync(customer.Id, ct);
        var metadata = new Dictionary<string, string>(message.Metadata) { ["kind"] = Kind, ["reaction_to"] = reactedTo };
        await timeline.AppendAsync(ReceivedEvent.Of(message, StableId.From("evt", message.Source, message.ProviderMessageId), customer.Id, open, metadata), ct);
        log.LogInformation("Reaction {ProviderMessageId} on {Channel} recorded for customer {CustomerId} ({Conversation})",
            message.ProviderMessageId, message.Channel, customer.Id, open ?? "no open conversation");
        return true;
    }
}
