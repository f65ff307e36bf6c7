using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Events;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Handoffs;

/// <summary>Who the bot was talking to, as the bot knows them.</summary>
public sealed record HandoffCustomer(string? Name, string? Email, string? Phone, string? Account, IReadOnlyDictionary<string, string>? Handles);

/// <summary>A bot's handoff as the API receives it: the structured context plus who and where.</summary>
public sealed record HandoffSubmission(
    HandoffContext Context,
    HandoffCustomer Customer,
    string Channel,
    string? Text,
    string? MessageId,
    DateTimeOffset? SentAt);

public sealed record HandoffAccepted(string ConversationId, string CustomerId, bool Opened);

/// <summary>
/// A bot hands a customer to a human: the customer is resolved and the handoff threads into their
/// open conversation (or opens one) like any inbound message, with the <see cref="HandoffContext"/>
/// stored on the conversation, the handoff on the timeline, the sinks (routing, SLA, subscriptions)
/// told, and a <c>conversation.handed_off</c> event published. Idempotent per (platform, message id).
/// </summary>
public sealed class AcceptHandoff(
    IInbox inbox,
    ResolveCustomer resolve,
    ThreadConversation thread,
    IConversationStore conversations,
    ITimelineStore timeline,
    IEnumerable<IConversationActivitySink> sinks,
    IHelpdeskEvents events,
    TimeProvider clock,
    ILogger<AcceptHandoff> log)
{
    public Task<HandoffAccepted> AcceptAsync(HandoffSubmission submission, string actor, CancellationToken ct) =>
        AcceptMessageAsync(ToInboundMessage(submission, clock.GetUtcNow()), actor, ct);

    /// <summary>
    /// The same for an inbound item of kind <see cref="InboundKinds.Handoff"/> that a bot adapter parsed
    /// (an <c>IInboundItemHandler</c> for the kind can call this with the adapter's source as actor).
    /// </summary>
    public async Task<HandoffAccepted> AcceptMessageAsync(InboundMessage message, string actor, CancellationToken ct)
    {
        var handoff = message.Handoff ?? throw new DomainRuleException("A handoff item carries no handoff context.", 400);
        if (await inbox.WasProcessedAsync(message.Source, message.ProviderMessageId, ct)
            && await conversations.FindByMessageIdAsync(message.ProviderMessageId, ct) is { } known
            && await conversations.GetAsync(known, ct) is { } existing)
        {
            return new HandoffAccepted(existing.Id, existing.CustomerId, false);
        }

        var customer = await resolve.ResolveAsync(message, ct);
        var (threaded, opened) = await thread.ThreadAsync(customer, message, ct);
        var conversation = await Retry.OnConflictAsync(async () =>
        {
            var current = await conversations.GetAsync(threaded.Id, ct) ?? threaded;
            current.Handoff = handoff;
            await conversations.UpdateAsync(current, ct);
            return current;
        });

        var context = handoff;
        var metadata = new Dictionary<string, string>
        {
            ["kind"] = InboundKinds.Handoff,
            ["platform"] = context.Platform,
            ["actor"] = actor,
        };
        if (context.Intent is not null)
        {
            metadata["intent"] = context.Intent;
        }

        var timelineEvent = new TimelineEvent
        {
            Id = StableId.From("evt", message.Source, message.ProviderMessageId),
            CustomerId = customer.Id,
            ConversationId = conversation.Id,
            Channel = message.Channel,
            Direction = Direction.Inbound,
            Provider = message.Source,
            ProviderMessageId = message.ProviderMessageId,
            OccurredAt = message.SentAt,
            Text = message.Text,
            Metadata = metadata,
        };
        await timeline.AppendAsync(timelineEvent, ct);
        await conversations.IndexMessageIdAsync(message.ProviderMessageId, conversation.Id, ct);

        foreach (var sink in sinks)
        {
            await sink.InboundMessageAsync(conversation, timelineEvent, opened, ct);
        }

        await events.PublishAsync(new HelpdeskEvent
        {
            Id = StableId.From("hev", HelpdeskEventTypes.HandedOff, timelineEvent.Id),
            Type = HelpdeskEventTypes.HandedOff,
            OccurredAt = message.SentAt,
            Actor = actor,
            ConversationId = conversation.Id,
            CustomerId = customer.Id,
            Data = new Dictionary<string, string> { ["platform"] = context.Platform, ["intent"] = context.Intent ?? "" },
        }, ct);

        await inbox.MarkProcessedAsync(message.Source, message.ProviderMessageId, message.SentAt, ct);
        log.LogInformation("Handoff from {Platform} threaded into {ConversationId} (opened: {Opened})", context.Platform, conversation.Id, opened);
        return new HandoffAccepted(conversation.Id, customer.Id, opened);
    }

    public static InboundMessage ToInboundMessage(HandoffSubmission s, DateTimeOffset now)
    {
        var from = new List<SenderIdentity>();
        void Add(string kind, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                from.Add(new SenderIdentity(kind, value));
            }
        }

        Add("account", s.Customer.Account);
        Add("email", s.Customer.Email);
        Add("phone", s.Customer.Phone);
        foreach (var (kind, value) in s.Customer.Handles ?? new Dictionary<string, string>())
        {
            Add(kind, value);
        }

        if (from.Count == 0)
        {
            throw new DomainRuleException("customer needs at least one of account, email, phone or a handle.", 400);
        }

        var id = s.MessageId ?? s.Context.SessionId
            ?? throw new DomainRuleException("Give messageId or context.sessionId so a repeated handoff is recognised.", 400);
        var summary = s.Text ?? $"Handed off by {s.Context.Platform}" + (s.Context.Intent is null ? "." : $" (intent {s.Context.Intent}).");
        return new InboundMessage
        {
            Source = "handoff:" + s.Context.Platform,
            ProviderMessageId = id,
            Kind = InboundKinds.Handoff,
            Channel = s.Channel,
            SentAt = s.SentAt ?? now,
            From = from,
            DisplayName = s.Customer.Name,
            Text = summary,
            Handoff = s.Context,
        };
    }
}
