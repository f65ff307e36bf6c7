using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
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
    Routing.IConversationRouter router,
    IEnumerable<IConversationActivitySink> sinks,
    IEnumerable<IInboundItemHandler> itemHandlers,
    IEnumerable<IInboundMessageClaim> claims,
    OmniSupport.Core.Analytics.RecordInboundStep journeySteps,
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
        else if (message.Kind is InboundKinds.Message or InboundKinds.Handoff)
        {
            await AppendCustomerMessageAsync(message, activity, ct);
        }
        else
        {
            // A status report about something we sent is not a customer writing to us: without its handler it
            // is recorded as seen and dropped, never turned into a customer or a timeline message.
            log.LogWarning("No handler for {Source} {Kind} item {ProviderMessageId}; dropped", message.Source, message.Kind, message.ProviderMessageId);
        }

        await inbox.MarkProcessedAsync(message.Source, message.ProviderMessageId, message.SentAt, ct);
        activity?.SetTag("omnisupport.outcome", "processed");
    }

    private async Task AppendCustomerMessageAsync(InboundMessage message, Activity? activity, CancellationToken ct)
    {
        // A first contact's profile is written with its open pointer naming the conversation this message opens (one request less).
        var customer = await resolve.ResolveAsync(message, ThreadConversation.OpenedBy(message), ct);
        foreach (var claim in claims)
        {
            if (await claim.ClaimAsync(customer, message, ct))
            {
                activity?.SetTag("omnisupport.claimed_by", claim.GetType().Name);
                return;
            }
        }

        // The journey step is written with the conversation's update, in one request (the rows share a partition).
        var eventId = StableId.From("evt", message.Source, message.ProviderMessageId);
        Analytics.JourneyStep? step = null;
        var (conversation, opened, before) = await thread.ThreadAsync(customer, message,
            async (touched, changed, isNew) => step = await journeySteps.RecordAsync(touched, changed, isNew, customer.FirstContact, eventId, message, ct), ct);
        if (message.Handoff is not null)
        {
            conversation = await RecordHandoffAsync(conversation.Id, message.Handoff, ct) ?? conversation;
        }

        activity?.SetTag("omnisupport.customer_id", customer.Id);
        activity?.SetTag("omnisupport.conversation_id", conversation.Id);

        var stored = new List<AttachmentReference>();
        for (var i = 0; i < message.Attachments.Count; i++)
        {
            stored.Add(await attachments.SaveAsync($"{customer.Id}/{eventId}/{i}", message.Attachments[i], ct));
        }

        var metadata = new Dictionary<string, string>(message.Metadata) { ["kind"] = message.Kind };
        if (message.Handoff is not null)
        {
            AddHandoff(metadata, message.Handoff);
        }

        step!.WriteTo(metadata);

        var timelineEvent = ReceivedEvent.Of(message, eventId, customer.Id, conversation.Id, metadata, stored);
        await timeline.AppendAsync(timelineEvent, ct);
        if (CanBeNamedLater(message))
        {
            await conversations.IndexMessageIdAsync(message.ProviderMessageId, conversation.Id, ct);
        }

        if (opened)
        {
            // Routed before the listeners hear of it: the SLA clock starts under the routed queue, policy and tier.
            (conversation, customer) = await router.RouteOpenedAsync(conversation, customer, message.Channel, ct);
        }

        foreach (var sink in sinks)
        {
            await sink.InboundMessageAsync(new InboundActivity(customer, conversation, timelineEvent, opened, before), ct);
        }

        log.LogInformation(
            "Inbound {Source} message {ProviderMessageId} on {Channel} appended for customer {CustomerId} in {ConversationId}",
            message.Source, message.ProviderMessageId, message.Channel, customer.Id, conversation.Id);
    }

    /// <summary>
    /// Whether a later message can name this one by its id, so it needs a row in the message index: an
    /// email (a reply's In-Reply-To and References carry its Message-ID) or a bot's handoff (the handoff
    /// endpoint finds its conversation by it). An SMS, chat or social message is threaded by the
    /// customer's open conversation instead; indexing it would be one more write per message for nothing.
    /// </summary>
    public static bool CanBeNamedLater(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Channel == Outbound.OutboundChannels.Email || message.Kind == InboundKinds.Handoff || message.Handoff is not null;
    }

    /// <summary>Puts the bot's context on the conversation, so the agent who picks it up sees the handoff card.</summary>
    private Task<Conversation?> RecordHandoffAsync(string conversationId, HandoffContext handoff, CancellationToken ct) =>
        Retry.OnConflictAsync(async () =>
        {
            var current = await conversations.GetAsync(conversationId, ct);
            if (current is null)
            {
                return null;
            }

            current.Handoff = handoff;
            await conversations.UpdateAsync(current, ct);
            return current;
        });

    /// <summary>The handoff card on the timeline event: flat metadata, slots and lists as JSON.</summary>
    private static void AddHandoff(Dictionary<string, string> metadata, HandoffContext handoff)
    {
        metadata["handoff_platform"] = handoff.Platform;
        Set(metadata, "handoff_session", handoff.SessionId);
        Set(metadata, "handoff_intent", handoff.Intent);
        Set(metadata, "handoff_confidence", handoff.Confidence?.ToString("0.###", CultureInfo.InvariantCulture));
        Set(metadata, "handoff_transcript_reference", handoff.TranscriptReference);
        metadata["handoff_slots"] = JsonSerializer.Serialize(handoff.Slots);
        metadata["handoff_steps_attempted"] = JsonSerializer.Serialize(handoff.StepsAttempted);
        metadata["handoff_transcript"] = JsonSerializer.Serialize(handoff.Transcript);
    }

    private static void Set(Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            metadata[key] = value;
        }
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
