using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Outbound;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Analytics;

internal static class NewJourney
{
    /// <summary>A conversation's first record: its own journey, or a repeat contact rejoining the journey it came back to.</summary>
    public static JourneyRecord For(Conversation conversation, LastResolvedJourney? repeatOf) => new()
    {
        ConversationId = conversation.Id,
        JourneyId = repeatOf?.JourneyId ?? conversation.Id,
        RepeatOf = repeatOf?.ConversationId,
        StepOffset = repeatOf?.JourneySteps ?? 0,
        OffsetChannel = repeatOf?.LastChannel,
        CustomerId = conversation.CustomerId,
        Queue = conversation.Queue,
        OpenedAt = conversation.OpenedAt,
    };
}

/// <summary>
/// The ingest path's journey use case: a customer message (or a bot's handoff) becomes a step of its
/// conversation's journey record, and the step comes back for the timeline event. A conversation that
/// opens within 7 days of the customer's last resolution is a repeat contact: it joins that journey
/// (its steps continue the numbering) and the journey's first conversation records when the customer
/// came back. Idempotent: the step is keyed by the timeline event id (derived from the provider's
/// message id), so a redelivered message gets the same step and counts nothing twice. Storage: the
/// record was read with the conversation, and threading hands over the conversation it changed, so the
/// two rows (one partition) are written in one request; on opening, one more point read (the customer's
/// last resolution), and for a repeat contact a read and two writes of the first record.
/// </summary>
public sealed class RecordInboundStep(IJourneyStore journeys, IConversationStore conversations)
{
    /// <summary>The step, with the journey record written alone (the conversation is not changed); retried on a conflict.</summary>
    public Task<JourneyStep> RecordAsync(Conversation conversation, bool opened, string eventId, InboundMessage message, CancellationToken ct) =>
        Retry.OnConflictAsync(() => RecordAsync(conversation, false, opened, false, eventId, message, ct));

    /// <summary>
    /// The step, written with the conversation threading just changed (<paramref name="conversationChanged"/>) in
    /// one request. A conflict on either row is the caller's to retry from a fresh read of the conversation.
    /// <paramref name="firstContact"/>: the customer was created by this message, so it has no resolution to be a repeat of.
    /// </summary>
    public async Task<JourneyStep> RecordAsync(Conversation conversation, bool conversationChanged, bool opened, bool firstContact, string eventId, InboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(message);
        var kind = message.Kind == InboundKinds.Handoff || message.Handoff is not null ? JourneyKinds.Handoff : JourneyKinds.Message;

        // Start from the record read with the conversation (one request less per message), once: a retry reads again.
        // A conversation this message did not open but read without a record has one where an older version kept it.
        var asRead = conversation.JourneyAsRead;
        conversation.JourneyAsRead = null;
        var record = (asRead is { Record: { } read } ? read : asRead is null || !opened ? await journeys.GetAsync(conversation.Id, ct) : null)
            ?? NewJourney.For(conversation, opened && !firstContact ? await RepeatOfAsync(conversation, message.SentAt, ct) : null);
        var known = record.Steps.Any(s => s.EventId == eventId);
        var step = record.AddStep(eventId, message.SentAt, message.Channel, Direction.Inbound, kind);
        if (!known && conversationChanged && record.ResolvedAt is null)
        {
            await journeys.SaveWithConversationAsync(record, conversation, ct);
        }
        else
        {
            if (conversationChanged)
            {
                await conversations.UpdateAsync(conversation, ct);
            }

            if (!known)
            {
                await journeys.SaveAsync(record, record.ResolvedAt is not null, ct);
            }
        }

        if (record.RepeatOf is not null && record.Steps[0].EventId == eventId)
        {
            await CountAgainstFirstAsync(record, message.SentAt, ct); // again on a redelivery: it is idempotent
        }

        return step;
    }

    private async Task<LastResolvedJourney?> RepeatOfAsync(Conversation conversation, DateTimeOffset at, CancellationToken ct)
    {
        var last = await journeys.GetLastResolvedAsync(conversation.CustomerId, ct);
        return last is not null && last.ConversationId != conversation.Id && at >= last.ResolvedAt && at - last.ResolvedAt <= JourneyRecord.RepeatWindow
            ? last
            : null;
    }

    private Task CountAgainstFirstAsync(JourneyRecord repeat, DateTimeOffset at, CancellationToken ct) =>
        Retry.OnConflictAsync(async () =>
        {
            var first = await journeys.GetAsync(repeat.JourneyId, ct);
            if (first?.ResolvedAt is null || first.RepeatContactAt is { } earlier && earlier <= at)
            {
                return;
            }

            first.RepeatContactAt = at;
            first.RepeatConversationId = repeat.ConversationId;
            await journeys.SaveAsync(first, true, ct);
        });
}

/// <summary>
/// The reply path's journey use case: an outbound message of a conversation (an agent's reply, an SLA
/// follow-up, a survey) becomes a step once its sender's outcome is known. An agent's reply that was
/// not refused counts as an agent reply; the first one sets the first response time (from the time the
/// agent sent it). Keyed by the outbound event id, so a redelivered outbound message changes nothing.
/// Storage: one point read and one write of the live record per outbound message.
/// </summary>
public sealed class RecordOutboundStep(IJourneyStore journeys, IConversationStore conversations)
{
    public async Task<JourneyStep?> RecordAsync(OutboundMessage message, bool failed, CancellationToken ct)
    {
        if (message.ConversationId is not { } conversationId)
        {
            return null;
        }

        var eventId = SendReply.EventIdFor(message.Id);
        return await Retry.OnConflictAsync(async () =>
        {
            var current = await journeys.GetAsync(conversationId, ct);
            if (current is null)
            {
                var conversation = await conversations.GetAsync(conversationId, ct);
                if (conversation is null)
                {
                    return null;
                }

                current = NewJourney.For(conversation, null);
            }

            var known = current.Steps.Any(s => s.EventId == eventId);
            var (replies, firstResponse) = (current.AgentReplies, current.FirstResponseSeconds);
            var step = current.AddStep(eventId, message.CreatedAt, message.Channel, Direction.Outbound, message.Kind, failed);
            if (!known)
            {
                // After the resolution (a survey, a late reply) the day copy is rewritten only when its summary changed.
                var summaryChanged = replies != current.AgentReplies || firstResponse != current.FirstResponseSeconds;
                await journeys.SaveAsync(current, current.ResolvedAt is not null && summaryChanged, ct);
            }

            return step;
        });
    }
}
