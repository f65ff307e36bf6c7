using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Customers;

/// <summary>Why two profiles were merged, kept on both timelines so the merge can be explained and undone.</summary>
public sealed record MergeEvidence(IReadOnlyList<ContactIdentity> MatchedIdentities, string? Source, string? ProviderMessageId, string Actor, string? Reason = null);

/// <summary>
/// Merges one profile into another without deleting anything: the loser keeps its row with
/// <c>MergedInto</c>, its identities re-point, its timeline is read with the survivor's.
/// Every step is idempotent, so a merge cut short by a crash is finished by the next call.
/// </summary>
public sealed class MergeCustomers(
    ICustomerStore customers,
    IIdentityIndex identities,
    IConversationStore conversations,
    ITimelineStore timeline,
    TimeProvider clock,
    ILogger<MergeCustomers> log)
{
    /// <summary>Merge-event metadata: the attribute names the survivor took from the merged profile.</summary>
    public const string CopiedAttributesKey = "copiedAttributes";

    /// <summary>Merge-event metadata: "true" when the survivor took the merged profile's display name.</summary>
    public const string CopiedNameKey = "copiedName";

    public async Task MergeAsync(string survivorId, string loserId, MergeEvidence evidence, CancellationToken ct)
    {
        if (survivorId == loserId)
        {
            return;
        }

        var loser = await customers.GetAsync(loserId, ct) ?? throw new NotFoundException($"Customer {loserId}");

        // 1. The survivor learns the loser's identities and timeline first: if we stop here, nothing is hidden.
        // What it takes of the loser's attributes and name is recorded, so an unmerge can give it back.
        var copiedAttributes = new List<string>();
        var copiedName = false;
        await Retry.OnConflictAsync(async () =>
        {
            var survivor = await customers.GetAsync(survivorId, ct) ?? throw new NotFoundException($"Customer {survivorId}");
            copiedAttributes.Clear();
            var changed = false;
            foreach (var id in new[] { loserId }.Concat(loser.MergedFrom))
            {
                if (id != survivorId && !survivor.MergedFrom.Contains(id))
                {
                    survivor.MergedFrom.Add(id);
                    changed = true;
                }
            }

            foreach (var identity in loser.Identities.Where(i => !survivor.Has(i)))
            {
                survivor.Identities.Add(identity);
                changed = true;
            }

            foreach (var (key, value) in loser.Attributes)
            {
                if (survivor.Attributes.TryAdd(key, value))
                {
                    copiedAttributes.Add(key);
                    changed = true;
                }
            }

            copiedName = survivor.DisplayName is null && loser.DisplayName is not null;
            if (copiedName)
            {
                survivor.DisplayName = loser.DisplayName;
                changed = true;
            }

            if (changed)
            {
                await customers.UpdateAsync(survivor, ct);
            }
        });

        // 2. The loser is marked, 3. its identities re-point.
        await Retry.OnConflictAsync(async () =>
        {
            var current = await customers.GetAsync(loserId, ct) ?? throw new NotFoundException($"Customer {loserId}");
            if (current.MergedInto != survivorId)
            {
                current.MergedInto = survivorId;
                await customers.UpdateAsync(current, ct);
            }
        });

        foreach (var identity in loser.Identities)
        {
            await identities.RepointAsync(identity, survivorId, ct);
        }

        var moved = await MoveOpenConversationAsync(survivorId, loserId, ct);

        // 4. The merge on both timelines, with the evidence.
        var at = clock.GetUtcNow();
        var eventId = StableId.From("evt", "merge", survivorId, loserId);
        var metadata = new Dictionary<string, string>
        {
            ["action"] = "merge",
            ["survivor"] = survivorId,
            ["merged"] = loserId,
            ["matched"] = string.Join(",", evidence.MatchedIdentities.Select(i => i.Kind)),
            ["actor"] = evidence.Actor,
        };
        if (moved is not null)
        {
            metadata["movedConversation"] = moved;
        }

        if (copiedAttributes.Count > 0)
        {
            metadata[CopiedAttributesKey] = string.Join(",", copiedAttributes);
        }

        if (copiedName)
        {
            metadata[CopiedNameKey] = "true";
        }

        if (evidence.Reason is not null)
        {
            metadata["reason"] = evidence.Reason;
        }

        if (evidence.ProviderMessageId is not null)
        {
            metadata["evidenceMessageId"] = evidence.ProviderMessageId;
            metadata["evidenceSource"] = evidence.Source ?? "";
        }

        foreach (var customerId in new[] { survivorId, loserId })
        {
            await timeline.AppendAsync(new TimelineEvent
            {
                Id = eventId,
                CustomerId = customerId,
                Channel = "system",
                Direction = Direction.System,
                OccurredAt = at,
                Text = evidence.Reason is null
                    ? $"Customer {loserId} merged into {survivorId}: same {string.Join(", ", evidence.MatchedIdentities.Select(i => i.Kind).Distinct())}."
                    : $"Customer {loserId} merged into {survivorId} by {evidence.Actor}: {evidence.Reason}",
                Metadata = metadata,
            }, ct);
        }

        log.LogInformation("Merged customer {LoserId} into {SurvivorId} ({Actor})", loserId, survivorId, evidence.Actor);
    }

    /// <summary>Moves the loser's open conversation to the survivor when the survivor has none; returns its id when moved.</summary>
    private async Task<string?> MoveOpenConversationAsync(string survivorId, string loserId, CancellationToken ct)
    {
        var loserOpen = await conversations.GetOpenIdAsync(loserId, ct);
        if (loserOpen is null)
        {
            return null;
        }

        var open = await conversations.ClaimOpenAsync(survivorId, loserOpen, ct);
        if (open == loserOpen)
        {
            await Retry.OnConflictAsync(async () =>
            {
                var conversation = await conversations.GetAsync(loserOpen, ct);
                if (conversation is not null && conversation.CustomerId != survivorId)
                {
                    conversation.CustomerId = survivorId;
                    await conversations.UpdateAsync(conversation, ct);
                }
            });
            await conversations.ReleaseOpenAsync(loserId, loserOpen, ct);
            return loserOpen;
        }

        return null;
    }
}
