using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Abstractions;

/// <summary>Another writer changed the record since it was read: read again and retry.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

public interface ICustomerStore
{
    Task<Customer?> GetAsync(string customerId, CancellationToken ct);

    /// <summary>
    /// Creates the profile; an existing one with the same id is left as it is (idempotent). True when this call
    /// created it: the profile then carries the version written, and no open pointer (a new partition has none).
    /// </summary>
    Task<bool> CreateIfMissingAsync(Customer customer, CancellationToken ct);

    /// <summary>
    /// <see cref="CreateIfMissingAsync"/> for a first contact whose message opens <paramref name="conversationId"/>: the
    /// profile and the open-conversation pointer naming it are written together (one request where the store keeps
    /// them in one partition), so threading claims no pointer. When this call created them the profile carries the
    /// pointer as written; a store that cannot write both at once writes the profile and reports no pointer.
    /// </summary>
    Task<bool> CreateWithOpenConversationAsync(Customer customer, string conversationId, CancellationToken ct);

    /// <summary>
    /// Replaces the profile if it is unchanged since read; throws <see cref="ConcurrencyConflictException"/> otherwise.
    /// The profile then carries the version written (its open pointer as unknown).
    /// </summary>
    Task UpdateAsync(Customer customer, CancellationToken ct);
}

/// <summary>The identity index: one row per identity naming its customer.</summary>
public interface IIdentityIndex
{
    Task<string?> FindAsync(ContactIdentity identity, CancellationToken ct);

    /// <summary>Conditional insert. Returns the owner after the call: <paramref name="customerId"/> if the claim won, the existing owner if not.</summary>
    Task<string> ClaimAsync(ContactIdentity identity, string customerId, CancellationToken ct);

    /// <summary>Points an identity at another customer (after a merge or an agent's link).</summary>
    Task RepointAsync(ContactIdentity identity, string customerId, CancellationToken ct);
}

public interface IConversationStore
{
    Task<Conversation?> GetAsync(string conversationId, CancellationToken ct);

    /// <summary>The id of the customer's open conversation, if any.</summary>
    Task<string?> GetOpenIdAsync(string customerId, CancellationToken ct);

    /// <summary>Conditional insert of the customer's open pointer. Returns the open conversation id after the call.</summary>
    Task<string> ClaimOpenAsync(string customerId, string conversationId, CancellationToken ct);

    /// <summary>Removes the customer's open pointer if it still names this conversation.</summary>
    Task ReleaseOpenAsync(string customerId, string conversationId, CancellationToken ct);

    /// <summary>
    /// Creates the conversation unless one with its id exists. True when this call created it: it then carries the
    /// version written, and no journey record (a new partition has none), as if just read.
    /// </summary>
    Task<bool> CreateIfMissingAsync(Conversation conversation, CancellationToken ct);

    /// <summary>
    /// Replaces the conversation if unchanged since read; throws <see cref="ConcurrencyConflictException"/> otherwise.
    /// The conversation then carries the version written, so the same writer can update it again without a read.
    /// </summary>
    Task UpdateAsync(Conversation conversation, CancellationToken ct);

    /// <summary>Remembers which conversation an outbound or inbound provider message id belongs to (email threading).</summary>
    Task IndexMessageIdAsync(string messageId, string conversationId, CancellationToken ct);

    Task<string?> FindByMessageIdAsync(string messageId, CancellationToken ct);
}

public interface ITimelineStore
{
    /// <summary>Appends the event; an event with the same id already there is left as it is (idempotent).</summary>
    Task AppendAsync(TimelineEvent timelineEvent, CancellationToken ct);

    /// <summary>Newest first across the given customers' partitions (a customer and those merged into it).</summary>
    Task<TimelinePage> ReadAsync(IReadOnlyList<string> customerIds, int pageSize, string? continuationToken, CancellationToken ct);
}

/// <summary>Dedupe records of processed provider messages.</summary>
public interface IInbox
{
    Task<bool> WasProcessedAsync(string source, string providerMessageId, CancellationToken ct);

    Task MarkProcessedAsync(string source, string providerMessageId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Deletes records older than the cutoff; returns how many went.</summary>
    Task<int> SweepAsync(DateTimeOffset olderThan, CancellationToken ct);
}

public interface IInboundQueue
{
    /// <summary>Durably enqueues the envelope (claim-checked to a blob when too big for a queue message).</summary>
    Task EnqueueAsync(InboundEnvelope envelope, CancellationToken ct);
}

public sealed record PoisonMessage(string Id, DateTimeOffset? InsertedAt, string Provider, int MessageCount, string? EnvelopeId);

public interface IPoisonQueue
{
    Task<IReadOnlyList<PoisonMessage>> ListAsync(CancellationToken ct);

    /// <summary>Moves the poison message back onto the inbound queue; false when no such message.</summary>
    Task<bool> ReplayAsync(string id, CancellationToken ct);
}

public interface IAttachmentStore
{
    /// <summary>Stores the bytes under a name derived from the message, so a redelivery overwrites rather than duplicates.</summary>
    Task<AttachmentReference> SaveAsync(string name, InboundAttachment attachment, CancellationToken ct);
}

/// <summary>
/// Told about conversation activity: the SLA orchestrations and the helpdesk subscriptions listen
/// here. Implementations must be idempotent (a redelivered message tells them twice).
/// </summary>
public interface IConversationActivitySink
{
    Task InboundMessageAsync(Conversation conversation, TimelineEvent timelineEvent, bool opened, CancellationToken ct);

    /// <summary>
    /// What the ingest worker calls: the same, with the customer and what the conversation knew before the
    /// message (a listener that can skip work on it overrides this one; the others need not).
    /// </summary>
    Task InboundMessageAsync(InboundActivity activity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return InboundMessageAsync(activity.Conversation, activity.Event, activity.Opened, ct);
    }

    Task AgentReplyAsync(Conversation conversation, TimelineEvent timelineEvent, CancellationToken ct) => Task.CompletedTask;

    Task ResolvedAsync(Conversation conversation, string actor, CancellationToken ct) => Task.CompletedTask;

    Task QueueChangedAsync(Conversation conversation, string actor, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>One customer message as the ingest worker hands it to the listeners.</summary>
/// <param name="Customer">The customer as resolved for this message and, when it opened the conversation, as routed.</param>
/// <param name="Conversation">The conversation as the message left it and, when it opened it, as routed.</param>
/// <param name="Before">The conversation's last customer message before this one; null when this message did not move it.</param>
public sealed record InboundActivity(Customer Customer, Conversation Conversation, TimelineEvent Event, bool Opened, InboundBefore? Before);

/// <summary>
/// Reads an inbound queue message back into its envelope, fetching a claim-checked payload; once the
/// message is processed, <see cref="ProcessedAsync"/> deletes that payload. A claim check whose payload is
/// gone reads as null: the message was processed before (its deletion from the queue did not happen).
/// </summary>
public interface IInboundEnvelopeReader
{
    Task<InboundEnvelope?> ReadAsync(string queueMessageText, CancellationToken ct);

    Task ProcessedAsync(string queueMessageText, CancellationToken ct);
}

public interface IOutboundQueue
{
    Task EnqueueAsync(OmniSupport.Core.Outbound.OutboundMessage message, CancellationToken ct);
}

/// <summary>
/// Point reads and in-place updates of one timeline event, for events whose state changes after they
/// were appended (an outbound message going pending → sent → delivered). Appends stay on <see cref="ITimelineStore"/>.
/// </summary>
public interface ITimelineEventStore
{
    /// <summary>The event, with its <see cref="TimelineEvent.Version"/> set, or null.</summary>
    Task<TimelineEvent?> GetAsync(string customerId, DateTimeOffset occurredAt, string eventId, CancellationToken ct);

    /// <summary>Replaces the event if unchanged since read; throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    Task ReplaceAsync(TimelineEvent timelineEvent, CancellationToken ct);
}

/// <summary>
/// Reads an outbound queue message back into the message (fetching a claim-checked one; null when that
/// payload is gone because the message was delivered before), and deletes the payload once delivered.
/// </summary>
public interface IOutboundMessageReader
{
    Task<OmniSupport.Core.Outbound.OutboundQueueItem?> ReadAsync(string queueMessageText, CancellationToken ct);

    Task ProcessedAsync(string queueMessageText, CancellationToken ct);
}

/// <summary>
/// What became of each outbound message, keyed by its id (written before the queue message is
/// deleted, read before sending, so a redelivery sends nothing twice), and the index from the
/// provider's message id back to it (delivery status reports name only the provider's id).
/// </summary>
public interface IOutboundLedger
{
    Task<OmniSupport.Core.Outbound.OutboundRecord?> GetAsync(string outboundId, CancellationToken ct);

    /// <summary>Writes the record (insert or replace).</summary>
    Task SaveAsync(OmniSupport.Core.Outbound.OutboundRecord record, CancellationToken ct);

    Task IndexProviderMessageIdAsync(string providerMessageId, string outboundId, CancellationToken ct);

    Task<string?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken ct);
}

/// <summary>The local outbox: where messages go when their channel has no provider credentials.</summary>
public interface IOutbox
{
    /// <summary>Adds the entry; the same outbound message written twice is stored once.</summary>
    Task WriteAsync(OmniSupport.Core.Outbound.OutboxEntry entry, CancellationToken ct);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<OmniSupport.Core.Outbound.OutboxEntry>> ListAsync(int max, CancellationToken ct);
}
