using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Routing;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Surveys;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Analytics;

/// <summary>
/// The resolve path's journey use case (a listener of <see cref="ResolveConversation"/>): the record
/// takes the resolution time, queue, the customer's tier, the disposition and whether the agent had to
/// re-collect, and SLA met (no breach on the conversation's SLA status row; unknown without one), and
/// its summary goes into the resolved day's partition. The customer's last resolution is remembered,
/// so a new conversation within 7 days joins this journey as a repeat contact. Idempotent: the same
/// resolution writes the same rows.
/// </summary>
public sealed class RecordJourneyResolution(IJourneyStore journeys, ISlaStatusStore sla, ICustomerStore customers) : IConversationActivitySink
{
    public Task InboundMessageAsync(Conversation conversation, TimelineEvent timelineEvent, bool opened, CancellationToken ct) => Task.CompletedTask;

    public async Task ResolvedAsync(Conversation conversation, string actor, CancellationToken ct)
    {
        if (conversation.ResolvedAt is not { } resolvedAt)
        {
            return;
        }

        var status = await sla.GetAsync(conversation.Id, ct);
        var customer = await customers.GetAsync(conversation.CustomerId, ct);
        var asRead = conversation.JourneyAsRead;
        var record = await Retry.OnConflictAsync(async () =>
        {
            var current = (Interlocked.Exchange(ref asRead, null) is { Record: { } read } ? read : await journeys.GetAsync(conversation.Id, ct))
                ?? NewJourney.For(conversation, null);
            current.CustomerId = conversation.CustomerId;
            current.ResolvedAt = resolvedAt;
            current.Queue = conversation.Queue;
            current.Tier = customer?.Attributes.GetValueOrDefault(CustomerAttributeNames.Tier) ?? current.Tier;
            current.Disposition = conversation.Disposition?.Code;
            current.Recollected = conversation.Disposition?.Recollected;
            current.SlaMet = status is null ? null : status.Breaches.Count == 0;
            current.Recompute();
            await journeys.SaveAsync(current, true, ct);
            return current;
        });

        var last = await journeys.GetLastResolvedAsync(record.CustomerId, ct);
        if (last is null || last.ResolvedAt <= resolvedAt)
        {
            await journeys.SetLastResolvedAsync(
                new LastResolvedJourney(record.CustomerId, record.ConversationId, record.JourneyId, resolvedAt, record.StepOffset + record.Steps.Count, record.LastChannel), ct);
        }
    }
}

/// <summary>
/// The survey path's journey use case: the answer is a step of the conversation's journey (not a
/// contact: it counts in neither contacts nor the path), and its CSAT and "had to repeat" go on the
/// record, both copies. Idempotent per answer event.
/// </summary>
public sealed class RecordJourneySurvey(IJourneyStore journeys)
{
    public const string Kind = "survey-answer";

    public Task<JourneyStep?> RecordAsync(Survey survey, string eventId, string channel, CancellationToken ct) =>
        Retry.OnConflictAsync(async () =>
        {
            var current = await journeys.GetAsync(survey.ConversationId, ct);
            if (current is null)
            {
                return null;
            }

            var known = current.Steps.Any(s => s.EventId == eventId);
            var step = current.AddStep(eventId, survey.AnsweredAt ?? survey.SentAt, channel, Direction.Inbound, Kind);
            if (!known || current.Csat != survey.Csat || current.HadToRepeat != survey.RepeatedInformation)
            {
                current.Csat = survey.Csat;
                current.HadToRepeat = survey.RepeatedInformation;
                await journeys.SaveAsync(current, current.ResolvedAt is not null, ct);
            }

            return (JourneyStep?)step;
        });
}
