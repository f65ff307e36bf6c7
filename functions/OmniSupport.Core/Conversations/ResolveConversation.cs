using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Conversations;

/// <summary>
/// Closes a conversation: status resolved, the customer's open pointer released (their next message
/// opens a new one), the resolution on the timeline, and the listeners told (SLA ends, survey).
/// </summary>
public sealed class ResolveConversation(
    IConversationStore conversations,
    ITimelineStore timeline,
    IEnumerable<IConversationActivitySink> sinks,
    TimeProvider clock,
    ILogger<ResolveConversation> log)
{
    public Task<Conversation> ResolveAsync(string conversationId, Disposition? disposition, string actor, CancellationToken ct) =>
        ResolveAsync(conversationId, null, disposition, actor, ct);

    /// <param name="asRead">The conversation as the caller has just read it (the endpoint, to check access): the first try writes over it, one read less; a conflict reads again.</param>
    public async Task<Conversation> ResolveAsync(string conversationId, Conversation? asRead, Disposition? disposition, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var conversation = await Retry.OnConflictAsync(
            asRead?.Id == conversationId ? asRead : null,
            async () => await conversations.GetAsync(conversationId, ct) ?? throw new NotFoundException($"Conversation {conversationId}"),
            async current =>
            {
                if (current.Status == ConversationStatus.Resolved)
                {
                    return current;
                }

                current.Status = ConversationStatus.Resolved;
                current.ResolvedAt = now;
                current.Disposition = disposition;
                current.LastActivityAt = now;
                await conversations.UpdateAsync(current, ct);
                return current;
            });

        await conversations.ReleaseOpenAsync(conversation.CustomerId, conversation.Id, ct);
        var metadata = new Dictionary<string, string> { ["action"] = "resolve", ["actor"] = actor };
        if (disposition is not null)
        {
            metadata["code"] = disposition.Code;
            metadata["recollected"] = disposition.Recollected ? "true" : "false";
        }

        await timeline.AppendAsync(new TimelineEvent
        {
            Id = StableId.From("evt", "resolve", conversation.Id),
            CustomerId = conversation.CustomerId,
            ConversationId = conversation.Id,
            Channel = "system",
            Direction = Direction.System,
            OccurredAt = conversation.ResolvedAt ?? now,
            Text = disposition is null ? $"Resolved by {actor}." : $"Resolved by {actor}: {disposition.Code}.",
            Metadata = metadata,
        }, ct);

        foreach (var sink in sinks)
        {
            await sink.ResolvedAsync(conversation, actor, ct);
        }

        log.LogInformation("Conversation {ConversationId} resolved by {Actor}", conversation.Id, actor);
        return conversation;
    }
}
