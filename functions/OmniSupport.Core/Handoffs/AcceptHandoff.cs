using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Ingest;

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
/// A bot hands a customer to a human through the API. The handoff becomes an inbound item of kind
/// <see cref="InboundKinds.Handoff"/> and goes through the same use case as the bot adapters' items
/// (<see cref="ProcessInboundMessage"/>: dedupe, customer, thread into the open conversation or open
/// one, <see cref="HandoffContext"/> on the conversation, the timeline, the sinks: routing, SLA,
/// subscriptions), processed at once so the caller learns the conversation. Idempotent per
/// (platform, message id or session id).
/// </summary>
public sealed class AcceptHandoff(
    ProcessInboundMessage process,
    IConversationStore conversations,
    TimeProvider clock,
    ILogger<AcceptHandoff> log)
{
    public const string ActorMetadata = "actor";

    public async Task<HandoffAccepted> AcceptAsync(HandoffSubmission submission, string actor, CancellationToken ct)
    {
        var message = ToInboundMessage(submission, clock.GetUtcNow(), actor);
        await process.HandleAsync(message, ct);

        var conversationId = await conversations.FindByMessageIdAsync(message.ProviderMessageId, ct)
            ?? throw new ConcurrencyConflictException("The handoff was processed but its conversation is not indexed yet; retry.");
        var conversation = await conversations.GetAsync(conversationId, ct) ?? throw new NotFoundException($"Conversation {conversationId}");
        var opened = conversation.Id == ThreadConversation.OpenedBy(message);
        log.LogInformation("Handoff from {Platform} in {ConversationId} (opened: {Opened})", submission.Context.Platform, conversation.Id, opened);
        return new HandoffAccepted(conversation.Id, conversation.CustomerId, opened);
    }

    public static InboundMessage ToInboundMessage(HandoffSubmission s, DateTimeOffset now, string actor)
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
            Source = "handoff-api:" + s.Context.Platform,
            ProviderMessageId = id,
            Kind = InboundKinds.Handoff,
            Channel = s.Channel,
            SentAt = s.SentAt ?? now,
            From = from,
            DisplayName = s.Customer.Name,
            Text = summary,
            Handoff = s.Context,
            Metadata = new Dictionary<string, string> { [ActorMetadata] = actor },
        };
    }
}
