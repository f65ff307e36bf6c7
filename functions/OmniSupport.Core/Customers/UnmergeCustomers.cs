using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Customers;

/// <summary>An agent merges two profiles by hand, with a reason.</summary>
public sealed class MergeCustomersByAgent(MergeCustomers merge, ICustomerStore customers)
{
    public async Task<Customer> MergeAsync(string survivorId, string loserId, string reason, string actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException("A merge needs a reason.", 400);
        }

        if (survivorId == loserId)
        {
            throw new DomainRuleException("A customer cannot be merged into itself.", 400);
        }

        var survivor = await customers.GetAsync(survivorId, ct) ?? throw new NotFoundException($"Customer {survivorId}");
        var loser = await customers.GetAsync(loserId, ct) ?? throw new NotFoundException($"Customer {loserId}");
        if (survivor.MergedInto is not null || (loser.MergedInto is not null && loser.MergedInto != survivorId))
        {
            throw new DomainRuleException("Both customers must be live profiles (not merged into a third one).");
        }

        await merge.MergeAsync(survivorId, loserId, new MergeEvidence(loser.Identities, "api", null, actor, reason), ct);
        return await customers.GetAsync(survivorId, ct) ?? survivor;
    }
}

/// <summary>
/// Undoes a merge from its recorded evidence (the merge event on the merged-away profile's own
/// timeline, and that profile, which a merge never deletes): the profile is live again, its
/// identities point back at it, the survivor forgets them, its partition and the attributes and name
/// the merge copied from it (those not changed since), and the open
/// conversation the merge moved goes back. Both timelines say who undid it and why.
/// </summary>
public sealed class UnmergeCustomers(
    ICustomerStore customers,
    IIdentityIndex identities,
    IConversationStore conversations,
    ITimelineStore timeline,
    TimeProvider clock,
    ILogger<UnmergeCustomers> log)
{
    public async Task<Customer> UnmergeAsync(string mergedId, string reason, string actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException("An unmerge needs a reason.", 400);
        }

        var merged = await customers.GetAsync(mergedId, ct) ?? throw new NotFoundException($"Customer {mergedId}");
        var survivorId = merged.MergedInto ?? throw new DomainRuleException($"Customer {mergedId} is not merged into another profile.");
        var mergeEvent = await FindMergeEventAsync(mergedId, survivorId, ct);

        // 1. The survivor lets go of the merged profile's identities and partition(s), and of the attributes
        // and name the merge copied from it, unless they were changed since (then they are the survivor's now).
        var returning = merged.Identities.ToHashSet();
        var copied = (mergeEvent?.Metadata.GetValueOrDefault(MergeCustomers.CopiedAttributesKey) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries);
        var copiedName = mergeEvent?.Metadata.GetValueOrDefault(MergeCustomers.CopiedNameKey) == "true";
        var returnedAttributes = new List<string>();
        await Retry.OnConflictAsync(async () =>
        {
            var survivor = await customers.GetAsync(survivorId, ct) ?? throw new NotFoundException($"Customer {survivorId}");
            survivor.MergedFrom.RemoveAll(id => id == mergedId || merged.MergedFrom.Contains(id));
            survivor.Identities.RemoveAll(returning.Contains);
            returnedAttributes.Clear();
            foreach (var key in copied)
            {
                if (survivor.Attributes.TryGetValue(key, out var value) && merged.Attributes.TryGetValue(key, out var original) && value == original)
                {
                    survivor.Attributes.Remove(key);
                    returnedAttributes.Add(key);
                }
            }

            if (copiedName && survivor.DisplayName == merged.DisplayName)
            {
                survivor.DisplayName = null;
            }

            await customers.UpdateAsync(survivor, ct);
        });

        // 2. The merged profile is live again, 3. its identities point back at it.
        await Retry.OnConflictAsync(async () =>
        {
            var current = await customers.GetAsync(mergedId, ct) ?? throw new NotFoundException($"Customer {mergedId}");
            current.MergedInto = null;
            await customers.UpdateAsync(current, ct);
        });
        foreach (var identity in merged.Identities)
        {
            await identities.RepointAsync(identity, mergedId, ct);
        }

        // 4. The open conversation the merge moved goes back.
        var movedBack = await MoveConversationBackAsync(mergeEvent?.Metadata.GetValueOrDefault("movedConversation"), survivorId, mergedId, ct);

        var metadata = new Dictionary<string, string>
        {
            ["action"] = "unmerge",
            ["survivor"] = survivorId,
            ["merged"] = mergedId,
            ["actor"] = actor,
            ["reason"] = reason,
        };
        if (movedBack is not null)
        {
            metadata["movedConversation"] = movedBack;
        }

        if (returnedAttributes.Count > 0)
        {
            metadata["returnedAttributes"] = string.Join(",", returnedAttributes);
        }

        var at = clock.GetUtcNow();
        var eventId = StableId.From("evt", "unmerge", survivorId, mergedId, at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var customerId in new[] { survivorId, mergedId })
        {
            await timeline.AppendAsync(new TimelineEvent
            {
                Id = eventId,
                CustomerId = customerId,
                Channel = "system",
                Direction = Direction.System,
                OccurredAt = at,
                Text = $"Customer {mergedId} split from {survivorId} by {actor}: {reason}",
                Metadata = metadata,
            }, ct);
        }

        log.LogInformation("Unmerged customer {MergedId} from {SurvivorId} ({Actor})", mergedId, survivorId, actor);
        return await customers.GetAsync(mergedId, ct) ?? merged;
    }

    private async Task<TimelineEvent?> FindMergeEventAsync(string mergedId, string survivorId, CancellationToken ct)
    {
        string? token = null;
        for (var page = 0; page < 20; page++)
        {
            var events = await timeline.ReadAsync([mergedId], 200, token, ct);
            var found = events.Events.FirstOrDefault(e => e.Metadata.GetValueOrDefault("action") == "merge"
                && e.Metadata.GetValueOrDefault("merged") == mergedId && e.Metadata.GetValueOrDefault("survivor") == survivorId);
            if (found is not null || events.ContinuationToken is null)
            {
                return found;
            }

            token = events.ContinuationToken;
        }

        return null;
    }

    private async Task<string?> MoveConversationBackAsync(string? conversationId, string survivorId, string mergedId, CancellationToken ct)
    {
        if (conversationId is null)
        {
            return null;
        }

        var conversation = await conversations.GetAsync(conversationId, ct);
        if (conversation is null || conversation.Status == Conversations.ConversationStatus.Resolved || conversation.CustomerId != survivorId)
        {
            return null;
        }

        await Retry.OnConflictAsync(async () =>
        {
            var current = await conversations.GetAsync(conversationId, ct);
            if (current is not null && current.CustomerId != mergedId)
            {
                current.CustomerId = mergedId;
                await conversations.UpdateAsync(current, ct);
            }
        });
        await conversations.ReleaseOpenAsync(survivorId, conversationId, ct);
        await conversations.ClaimOpenAsync(mergedId, conversationId, ct);
        return conversationId;
    }
}
