using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Routing;

/// <summary>An agent or integration sets customer attributes (tier, contract value…); a null value removes one.</summary>
public sealed class UpdateCustomerAttributes(ICustomerStore customers, ITimelineStore timeline, TimeProvider clock)
{
    public async Task<Customer> UpdateAsync(string customerId, IReadOnlyDictionary<string, string?> changes, string actor, CancellationToken ct)
    {
        if (changes.Count == 0 || changes.Keys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 64))
        {
            throw new DomainRuleException("Send a JSON object of attribute names (1-64 characters) to string values (null removes one).", 400);
        }

        var updated = await Retry.OnConflictAsync(async () =>
        {
            var current = await customers.GetAsync(customerId, ct) ?? throw new NotFoundException($"Customer {customerId}");
            foreach (var (key, value) in changes)
            {
                if (value is null)
                {
                    current.Attributes.Remove(key);
                }
                else
                {
                    current.Attributes[key] = value;
                }
            }

            await customers.UpdateAsync(current, ct);
            return current;
        });

        var at = clock.GetUtcNow();
        await timeline.AppendAsync(new TimelineEvent
        {
            Id = StableId.New("evt"),
            CustomerId = customerId,
            Channel = "system",
            Direction = Direction.System,
            OccurredAt = at,
            Text = $"Attributes {string.Join(", ", changes.Keys)} set by {actor}.",
            Metadata = new Dictionary<string, string> { ["action"] = "attributes", ["actor"] = actor, ["keys"] = string.Join(",", changes.Keys) },
        }, ct);
        return await customers.GetAsync(customerId, ct) ?? updated;
    }
}
