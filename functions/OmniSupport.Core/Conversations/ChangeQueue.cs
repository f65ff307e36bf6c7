using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Conversations;

/// <summary>
/// Moves a conversation to another queue and/or priority (a supervisor's override or an SLA requeue
/// step), records it on the timeline and tells the listeners (the SLA orchestration recomputes).
/// </summary>
public sealed class ChangeQueue(
    IConversationStore conversations,
    ITimelineStore timeline,
    IEnumerable<IConversationActivitySink> sinks,
    TimeProvider clock,
    ILogger<ChangeQueue> log)
{
    public const int MaxReasonLength = 500;

    /// <summary>Moves the conversation; <paramref name="reason"/> (a supervisor's why) goes on the timeline with the move.</summary>
    public async Task<Conversation> ChangeAsync(string conversationId, string? queue, int? priority, string actor, string? reason, CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            throw new DomainRuleException($"reason must be at most {MaxReasonLength} characters.", 400);
        }

        if (queue is null && priority is null)
        {
            throw new DomainRuleException("Give a queue, a priority, or both.", 400);
        }

        if (queue is not null && (queue.Length is 0 or > 64 || !queue.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new DomainRuleException("queue must be 1-64 letters, digits, '-', '_' or '.'.", 400);
        }

        if (priority is < 0 or > 100)
        {
            throw new DomainRuleException("priority must be between 0 and 100.", 400);
        }

        var now = clock.GetUtcNow();
        var changed = false;
        var conversation = await Retry.OnConflictAsync(async () =>
        {
            var current = await conversations.GetAsync(conversationId, ct) ?? throw new NotFoundException($"Conversation {conversationId}");
            if (current.Status == ConversationStatus.Resolved)
            {
                throw new DomainRuleException($"Conversation {conversationId} is resolved; its queue can no longer change.");
            }

            changed = (queue is not null && queue != current.Queue) || (priority is not null && priority != current.Priority);
            if (changed)
            {
                current.Queue = queue ?? current.Queue;
                current.Priority = priority ?? current.Priority;
                current.LastActivityAt = now;
                await conversations.UpdateAsync(current, ct);
            }

            return current;
        });

        if (!changed)
        {
            return conversation;
        }

        await timeline.AppendAsync(new TimelineEvent
        {
            Id = StableId.From("evt", "queue", conversation.Id, now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            CustomerId = conversation.CustomerId,
            ConversationId = conversation.Id,
            Channel = "system",
            Direction = Direction.System,
            OccurredAt = now,
            Text = $"Moved to queue {conversation.Queue ?? "(none)"} at priority {conversation.Priority} by {actor}." + (reason is null ? "" : $" Reason: {reason}"),
            Metadata = new Dictionary<string, string>(reason is null ? [] : [new("reason", reason)])
            {
                ["action"] = "queue",
                ["actor"] = actor,
                ["queue"] = conversation.Queue ?? "",
                ["priority"] = conversation.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        }, ct);

        foreach (var sink in sinks)
        {
            await sink.QueueChangedAsync(conversation, actor, ct);
        }

        log.LogInformation("Conversation {ConversationId} moved to queue {Queue} priority {Priority} by {Actor}", conversation.Id, conversation.Queue, conversation.Priority, actor);
        return conversation;
    }
}
