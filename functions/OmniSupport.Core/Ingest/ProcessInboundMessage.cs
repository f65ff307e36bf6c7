using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Ingest;

/// <summary>
/// The queue worker's use case: one inbound message to the customer's timeline, exactly once in
/// effect. Every write is keyed by ids derived from the provider's message id and tolerates being
/// repeated, and the dedupe record is written last: a crash anywhere before it means the
/// redelivered message redoes the same writes onto the same rows and then completes.
/// </summary>
public sealed class ProcessInboundMessage(
    IInbox inbox,
    ResolveCustomer resolve,
    ThreadConversation thread,
    ITimelineStore timeline,
    IAttachmentStore attachments,
    IConversationStore conversations,
    IEnumerable<IConversationActivitySink> sinks,
    IEnumerable<IInboundItemHandler> itemHandlers,
    IEnumerable<IInboundMessageClaim> claims,
    ILogger<ProcessInboundMessage> log)
{
    public async Task HandleAsync(InboundMessage message, CancellationToken ct)
    {
        using var activity = Telemetry.Source.StartActivity("process inbound message", ActivityKind.Internal);
        activity?.SetTag("omnisupport.source", message.Source);
        activity?.SetTag("omnisupport.provider_message_id", message.ProviderMessageId);

        if (await inbox.WasProcessedAsync(message.Source, message.ProviderMessageId, ct))
        {
            log.LogInformation("Duplicate {Source} message {ProviderMessageId} skipped", message.Source, message.ProviderMessageId);
            activity?.SetTag("omnisupport.outcome", "duplicate");
            return;
        }

        var handler = itemHandlers.FirstOrDefault(h => h.Handles(message.Kind));
        if (handler is not null)
        {
            await handler.HandleAsync(message, ct);
        }
        else
        {
            await AppendCustomerMessageAsync(message, activity, ct);
        }

        await inbox.MarkProcessedAsync(message.Source, message.ProviderMessageId, message.SentAt, ct);
        activity?.SetTag("omnisupport.outcome", "processed");
    }

    private async Task AppendCustomerMessageAsync(InboundMessage message, Activity? activity, CancellationToken ct)
    {
        var customer = await resolve.ResolveAsync(message, ct);
        foreach (var claim in claims)
        {
            if (await claim.ClaimAsync(customer, message, ct))
            {
                activity?.SetTag("omnisupport.claimed_by", claim.GetType().Name);
                return;
            }
        }

        var (conversation, opened) = await thread.ThreadAsync(customer, message, ct);
        activity?.SetTag("omnisupport.customer_id", customer.Id);
        activity?.SetTag("omnisupport.conversation_id", conversation.Id);

        var eventId = StableId.From("evt", message.Source, message.ProviderMessageId);
        var stored = new List<AttachmentReference>();
        for (var i = 0; i < message.Attachments.Count; i++)
        {
            stored.Add(await attachments.SaveAsync($"{customer.Id}/{eventId}/{i}", message.Attachments[i], ct));
        }

        var metadata = new Dictionary<string, string>(message.Metadata) { ["kind"] = message.Kind };
        var timelineEvent = new TimelineEvent
        {
            Id = eventId,
            CustomerId = customer.Id,
            ConversationId = conversation.Id,
            Channel = message.Channel,
            Direction = Direction.Inbound,
            Provider = message.Source,
            ProviderMessageId = message.ProviderMessageId,
            OccurredAt = message.SentAt,
            Text = message.Text,
            Subject = message.Subject,
            Attachments = stored,
            Metadata = metadata,
        };
        await timeline.AppendAsync(timelineEvent, ct);
        await conversations.IndexMessageIdAsync(message.ProviderMessageId, conversation.Id, ct);

        foreach (var sink in sinks)
        {
            await sink.InboundMessageAsync(conversation, timelineEvent, opened, ct);
        }

        log.LogInformation(
            "Inbound {Source} message {ProviderMessageId} on {Channel} appended for customer {CustomerId} in {ConversationId}",
            message.Source, message.ProviderMessageId, message.Channel, customer.Id, conversation.Id);
    }
}

/// <summary>Handles inbound items that are not customer messages (delivery status, call status…), one kind per handler.</summary>
public interface IInboundItemHandler
{
    bool Handles(string kind);

    Task HandleAsync(InboundMessage message, CancellationToken ct);
}

/// <summary>
/// Looks at a customer message before it is threaded and may take it over (a survey answer is stored as
/// such instead of opening a new conversation). Must be idempotent: a redelivered message asks again.
/// </summary>
public interface IInboundMessageClaim
{
    Task<bool> ClaimAsync(Customer customer, InboundMessage message, CancellationToken ct);
}
