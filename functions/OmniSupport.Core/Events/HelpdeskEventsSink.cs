using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Events;

/// <summary>Turns conversation activity into helpdesk events (message received, resolved).</summary>
public sealed class HelpdeskEventsSink(IHelpdeskEvents events, TimeProvider clock) : IConversationActivitySink
{
    public async Task InboundMessageAsync(Conversation conversation, TimelineEvent timelineEvent, bool opened, CancellationToken ct)
    {
        await events.PublishAsync(new HelpdeskEvent
        {
            Id = StableId.From("hev", HelpdeskEventTypes.MessageReceived, timelineEvent.Id),
            Type = HelpdeskEventTypes.MessageReceived,
            OccurredAt = timelineEvent.OccurredAt,
            Actor = "customer:" + conversation.CustomerId,
            ConversationId = conversation.Id,
            CustomerId = conversation.CustomerId,
            Data = new Dictionary<string, string>
            {
                ["channel"] = timelineEvent.Channel,
                ["timelineEventId"] = timelineEvent.Id,
                ["opened"] = opened ? "true" : "false",
            },
        }, ct);

        if (timelineEvent.Metadata.GetValueOrDefault("kind") == Ingest.InboundKinds.Handoff && conversation.Handoff is { } handoff)
        {
            // From the hub's API the actor is the key that posted it; from a bot's webhook, the bot.
            await events.PublishAsync(new HelpdeskEvent
            {
                Id = StableId.From("hev", HelpdeskEventTypes.HandedOff, timelineEvent.Id),
                Type = HelpdeskEventTypes.HandedOff,
                OccurredAt = timelineEvent.OccurredAt,
                Actor = timelineEvent.Metadata.GetValueOrDefault(Handoffs.AcceptHandoff.ActorMetadata) ?? "bot:" + handoff.Platform,
                ConversationId = conversation.Id,
                CustomerId = conversation.CustomerId,
                Data = new Dictionary<string, string>
                {
                    ["platform"] = handoff.Platform,
                    ["intent"] = handoff.Intent ?? "",
                    ["opened"] = opened ? "true" : "false",
                },
            }, ct);
        }
    }

    public Task ResolvedAsync(Conversation conversation, string actor, CancellationToken ct)
    {
        var data = new Dictionary<string, string>();
        if (conversation.Disposition is { } d)
        {
            data["code"] = d.Code;
            data["recollected"] = d.Recollected ? "true" : "false";
        }

        return events.PublishAsync(new HelpdeskEvent
        {
            Id = StableId.From("hev", HelpdeskEventTypes.Resolved, conversation.Id, (conversation.ResolvedAt ?? clock.GetUtcNow()).UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Type = HelpdeskEventTypes.Resolved,
            OccurredAt = conversation.ResolvedAt ?? clock.GetUtcNow(),
            Actor = actor,
            ConversationId = conversation.Id,
            CustomerId = conversation.CustomerId,
            Data = data,
        }, ct);
    }
}
