using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Core.Conversations;

/// <summary>
/// The conversation after the message touched it, whether the message opened it, and what it knew of
/// the customer's last message before (<see cref="Before"/> is null when this message did not move
/// it: a redelivery or an older message delivered late, whose effect on the SLA cannot be told apart).
/// </summary>
public sealed record ThreadingResult(Conversation Conversation, bool Opened, InboundBefore? Before = null);

/// <summary>Writes a threaded conversation: <paramref name="changed"/> when the message changed it, <paramref name="opened"/> when it opened it.</summary>
public delegate Task ConversationWrite(Conversation conversation, bool changed, bool opened);

/// <summary>The conversation's last customer message before the one being threaded.</summary>
public sealed record InboundBefore(string? LastInboundChannel, DateTimeOffset? LastInboundAt);

/// <summary>
/// Puts an inbound message in its conversation: one the message names (reply-to token, In-Reply-To),
/// else the customer's open conversation whatever the channel, else a new one.
/// </summary>
public sealed class ThreadConversation(IConversationStore conversations, ILogger<ThreadConversation> log)
{
    public Task<ThreadingResult> ThreadAsync(Customer customer, InboundMessage message, CancellationToken ct) =>
        ThreadAsync(customer, message, null, ct);

    /// <summary>The id of the conversation <paramref name="message"/> opens when it opens one: derived from it, so a redelivery opens the same.</summary>
    public static string OpenedBy(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return StableId.From("cnv", message.Source, message.ProviderMessageId);
    }

    /// <summary>
    /// Threads the message; <paramref name="write"/> writes the conversation as touched (whether the message changed
    /// it, whether it opened it) together with whatever shares its partition, and a conflict it throws threads again
    /// from a fresh read. Without it the conversation is written alone when the message changed it.
    /// </summary>
    public async Task<ThreadingResult> ThreadAsync(Customer customer, InboundMessage message, ConversationWrite? write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(message);
        var named = await FindNamedConversationAsync(customer, message, ct);
        var newId = OpenedBy(message);
        var (conversationId, read) = named is not null ? (named, null) : await FindOrOpenAsync(customer, newId, message, ct);

        // The first try updates the row as the lookup just read it (one read less per message); a conflict reads again.
        var result = await Retry.OnConflictAsync(
            read,
            async () => await conversations.GetAsync(conversationId, ct)
                ?? throw new ConcurrencyConflictException($"Conversation {conversationId} is not written yet."),
            async conversation =>
            {
                var before = new InboundBefore(conversation.LastInboundChannel, conversation.LastInboundAt);
                var newest = conversation.LastInboundAt is not { } last || message.SentAt > last;
                var changed = conversation.TouchInbound(message.Channel, message.SentAt);
                var opened = conversation.Id == newId;
                if (write is not null)
                {
                    await write(conversation, changed, opened);
                }
                else if (changed)
                {
                    await conversations.UpdateAsync(conversation, ct);
                }

                return new ThreadingResult(conversation, opened, newest ? before : null);
            });

        log.LogInformation(
            "Message {ProviderMessageId} threaded into {ConversationId} (opened: {Opened})",
            message.ProviderMessageId, result.Conversation.Id, result.Opened);
        return result;
    }

    private async Task<string?> FindNamedConversationAsync(Customer customer, InboundMessage message, CancellationToken ct)
    {
        var candidates = new List<string>();
        if (message.ConversationHint is not null)
        {
            candidates.Add(message.ConversationHint);
        }

        foreach (var messageId in message.InReplyTo)
        {
            var id = await conversations.FindByMessageIdAsync(messageId, ct);
            if (id is not null)
            {
                candidates.Add(id);
            }
        }

        var owners = new HashSet<string>(customer.MergedFrom) { customer.Id };
        foreach (var id in candidates)
        {
            var conversation = await conversations.GetAsync(id, ct);
            if (conversation is not null && conversation.Status != ConversationStatus.Resolved && owners.Contains(conversation.CustomerId))
            {
                return conversation.Id;
            }
        }

        return null;
    }

    /// <summary>The customer's open conversation (as read, when it was read) or a new one.</summary>
    private async Task<(string Id, Conversation? Read)> FindOrOpenAsync(Customer customer, string newId, InboundMessage message, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // The first try starts from the pointer read with the profile, when it was (one request less per message).
            var openId = (attempt == 0 && customer.OpenConversation is { } asRead ? asRead.ConversationId : await conversations.GetOpenIdAsync(customer.Id, ct))
                ?? await conversations.ClaimOpenAsync(customer.Id, newId, ct);

            // The pointer names this message's own conversation: it is new (or this message opened it before a crash),
            // so it is created without a read first, and used as written (two reads less per opening).
            if (openId == newId)
            {
                var opening = Opening(customer, openId, message);
                if (await conversations.CreateIfMissingAsync(opening, ct) && opening.Version is not null)
                {
                    return (openId, opening);
                }
            }

            var existing = await conversations.GetAsync(openId, ct);
            if (existing is null)
            {
                // The pointer was claimed (by us or a concurrent first message) but its row is not there yet.
                await conversations.CreateIfMissingAsync(Opening(customer, openId, message), ct);
                return (openId, null);
            }

            if (existing.Status != ConversationStatus.Resolved)
            {
                return (openId, existing);
            }

            await conversations.ReleaseOpenAsync(customer.Id, openId, ct); // a stale pointer to a resolved conversation
        }

        throw new ConcurrencyConflictException($"No open conversation could be settled for customer {customer.Id}.");
    }

    private static Conversation Opening(Customer customer, string id, InboundMessage message) => new()
    {
        Id = id,
        CustomerId = customer.Id,
        OpenedAt = message.SentAt,
        LastActivityAt = message.SentAt,
        Subject = message.Subject,
    };
}
