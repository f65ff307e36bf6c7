using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Outbound;

public sealed record ReplyRequest(string ConversationId, string? Text, string? Channel, string? Agent);

public sealed record ReplyAccepted(string EventId, string OutboundId, string ConversationId, string CustomerId, string Channel, string Status);

/// <summary>
/// An agent answers a conversation: the reply goes on the timeline as a pending outbound event, onto
/// the <c>outbound</c> queue for the channel's sender, and to the listeners (the SLA clock stops).
/// The channel is the one the customer last wrote on unless the agent names another; the address
/// comes from the customer's identities on that channel.
/// </summary>
public sealed class SendReply(
    IConversationStore conversations,
    ICustomerStore customers,
    ITimelineStore timeline,
    IOutboundQueue queue,
    IEnumerable<IConversationActivitySink> sinks,
    TimeProvider clock,
    ILogger<SendReply> log)
{
    public const int MaxTextLength = 100_000;

    /// <summary>How far back the timeline is read for the message being answered (email threading, Intercom conversation).</summary>
    private const int LookBackEvents = 200;

    public async Task<ReplyAccepted> SendAsync(ReplyRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            throw new DomainRuleException("'text' is required.", 400);
        }

        if (request.Text.Length > MaxTextLength)
        {
            throw new DomainRuleException($"'text' is longer than {MaxTextLength} characters.", 400);
        }

        if (string.IsNullOrWhiteSpace(request.Agent))
        {
            throw new DomainRuleException("'agent' is required: the timeline says who answered.", 400);
        }

        var requested = request.Channel?.Trim().ToLowerInvariant();
        var conversation = await conversations.GetAsync(request.ConversationId, ct)
            ?? throw new NotFoundException($"Conversation {request.ConversationId}");
        var channel = string.IsNullOrEmpty(requested) ? conversation.LastInboundChannel : requested;
        if (channel is null)
        {
            throw new DomainRuleException("The conversation has no inbound message yet; name the 'channel' to answer on.");
        }

        var customer = await SurvivorAsync(conversation.CustomerId, ct);

        // A channel shared by several providers (Intercom's messages arrive as "chat") is answered through
        // the provider the customer's last message on it came from. The timeline is read for that message only
        // where the reply needs it (that provider, email threading, Intercom's conversation): an SMS reply does not.
        var named = OutboundChannels.All.Contains(channel) ? OutboundChannels.SendChannel(channel) : null;
        var answered = named is null or OutboundChannels.Email or OutboundChannels.Intercom
            ? await LastInboundAsync(customer, conversation.Id, channel, ct)
            : null;
        var sendChannel = named
            ?? (answered?.Provider is { } provider && OutboundChannels.All.Contains(provider) ? provider
            : throw new DomainRuleException(
                $"The hub cannot answer on '{channel}'; name one of {string.Join(", ", OutboundChannels.All)} as 'channel'.",
                string.IsNullOrEmpty(requested) ? 409 : 400));
        var to = Address(customer, sendChannel)
            ?? throw new DomainRuleException(
                $"Customer {customer.Id} has no {string.Join(" or ", OutboundChannels.AddressKinds(sendChannel))} identity to reach them on {sendChannel}; link one first.");

        var now = clock.GetUtcNow();
        var outboundId = StableId.New("out");
        var message = new OutboundMessage
        {
            Id = outboundId,
            Kind = OutboundKinds.Reply,
            Channel = sendChannel,
            To = to,
            CustomerId = customer.Id,
            ConversationId = conversation.Id,
            Text = request.Text,
            Subject = sendChannel == OutboundChannels.Email ? ReplySubject(answered?.Subject ?? conversation.Subject) : null,
            Actor = request.Agent.Trim(),
            InReplyTo = sendChannel == OutboundChannels.Email ? EmailThread(answered) : [],
            Metadata = ChannelContext(sendChannel, answered),
            CreatedAt = now,
        };

        var pending = PendingEvent(message);
        await timeline.AppendAsync(pending, ct);
        await queue.EnqueueAsync(message, ct);
        conversation = await RecordReplyAsync(conversation, now, ct);
        foreach (var sink in sinks)
        {
            await sink.AgentReplyAsync(conversation, pending, ct);
        }

        log.LogInformation(
            "Reply {OutboundId} by {Agent} queued on {Channel} for conversation {ConversationId}",
            outboundId, message.Actor, sendChannel, conversation.Id);
        return new ReplyAccepted(pending.Id, outboundId, conversation.Id, customer.Id, sendChannel, OutboundStatus.Pending);
    }

    /// <summary>
    /// The reply's time on the conversation, before the listeners hear of it: the ingest worker reads it
    /// with the conversation to tell whether the customer's next message starts a new wait.
    /// </summary>
    private async Task<Conversation> RecordReplyAsync(Conversation read, DateTimeOffset at, CancellationToken ct)
    {
        var first = true;
        return await Retry.OnConflictAsync(async () =>
        {
            // The first try writes over the row this request read already; a conflict reads it again.
            var current = first ? read : await conversations.GetAsync(read.Id, ct) ?? read;
            first = false;
            if (current.LastAgentReplyAt is { } last && last >= at)
            {
                return current;
            }

            current.LastAgentReplyAt = at;
            await conversations.UpdateAsync(current, ct);
            return current;
        });
    }

    /// <summary>The timeline event id of an outbound message: derived from its id, so every writer names the same row.</summary>
    public static string EventIdFor(string outboundId) => StableId.From("evt", "outbound", outboundId);

    /// <summary>The pending outbound event a message is shown as until its sender reports.</summary>
    public static TimelineEvent PendingEvent(OutboundMessage message) => new()
    {
        Id = EventIdFor(message.Id),
        CustomerId = message.CustomerId ?? throw new InvalidOperationException("An outbound message on the timeline needs its customer."),
        ConversationId = message.ConversationId,
        Channel = message.Channel,
        Direction = Direction.Outbound,
        OccurredAt = message.CreatedAt,
        Text = message.Text,
        Subject = message.Subject,
        Metadata = new Dictionary<string, string>
        {
            [OutboundMetadata.Kind] = message.Kind,
            [OutboundMetadata.OutboundId] = message.Id,
            [OutboundMetadata.Actor] = message.Actor,
            [OutboundMetadata.Status] = OutboundStatus.Pending,
        },
    };

    private async Task<Customer> SurvivorAsync(string customerId, CancellationToken ct) =>
        await customers.FollowMergesAsync(await customers.GetAsync(customerId, ct) ?? throw new NotFoundException($"Customer {customerId}"), ct);

    private static string? Address(Customer customer, string channel)
    {
        foreach (var kind in OutboundChannels.AddressKinds(channel))
        {
            // The newest identity of a kind is the one the customer most recently gave.
            var identity = customer.Identities.LastOrDefault(i => i.Kind == kind);
            if (identity is not null)
            {
                return identity.Value;
            }
        }

        return null;
    }

    /// <summary>The customer's latest message in this conversation on the channel being answered.</summary>
    private async Task<TimelineEvent?> LastInboundAsync(Customer customer, string conversationId, string channel, CancellationToken ct)
    {
        var ids = new List<string> { customer.Id };
        ids.AddRange(customer.MergedFrom);
        var page = await timeline.ReadAsync(ids, LookBackEvents, null, ct);
        return page.Events.FirstOrDefault(e =>
            e.Direction == Direction.Inbound && e.ConversationId == conversationId && e.Channel == channel);
    }

    private static string? ReplySubject(string? subject) =>
        string.IsNullOrWhiteSpace(subject) ? null
        : subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? subject
        : "Re: " + subject;

    /// <summary>References of the answered email followed by its own id (RFC 5322 §3.6.4); the last one is In-Reply-To.</summary>
    private static IReadOnlyList<string> EmailThread(TimelineEvent? answered)
    {
        if (answered?.ProviderMessageId is null)
        {
            return [];
        }

        var thread = new List<string>();
        if (answered.Metadata.TryGetValue(OutboundMetadata.EmailReferences, out var references))
        {
            thread.AddRange(references.Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries));
        }

        thread.Remove(answered.ProviderMessageId);
        thread.Add(answered.ProviderMessageId);
        return thread;
    }

    private static Dictionary<string, string> ChannelContext(string channel, TimelineEvent? answered)
    {
        var metadata = new Dictionary<string, string>();
        if (channel == OutboundChannels.Intercom
            && answered is not null
            && answered.Metadata.TryGetValue(OutboundMetadata.IntercomConversationId, out var intercomConversation)
            && !string.IsNullOrWhiteSpace(intercomConversation))
        {
            metadata[OutboundMetadata.IntercomConversationId] = intercomConversation;
        }

        return metadata;
    }
}
