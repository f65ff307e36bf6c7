using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Customers;

/// <summary>An agent links a handle to a customer (e.g. an X user id they confirmed).</summary>
public sealed class LinkIdentity(
    ICustomerStore customers,
    IIdentityIndex index,
    IdentityNormalizer normalizer,
    ITimelineStore timeline,
    TimeProvider clock,
    ILogger<LinkIdentity> log)
{
    public async Task<Customer> LinkAsync(string customerId, string kind, string value, string actor, CancellationToken ct)
    {
        var identity = normalizer.Normalize(kind, value)
            ?? throw new DomainRuleException($"'{kind}' identity value is not valid.", 400);
        var customer = await customers.GetAsync(customerId, ct) ?? throw new NotFoundException($"Customer {customerId}");
        if (customer.MergedInto is not null)
        {
            throw new DomainRuleException($"Customer {customerId} was merged into {customer.MergedInto}; link the identity there.");
        }

        var owner = await index.ClaimAsync(identity, customerId, ct);
        if (owner != customerId)
        {
            throw new DomainRuleException($"This {identity.Kind} already belongs to customer {owner}; merge the customers instead.");
        }

        await Retry.OnConflictAsync(async () =>
        {
            var current = await customers.GetAsync(customerId, ct) ?? throw new NotFoundException($"Customer {customerId}");
            if (!current.Has(identity))
            {
                current.Identities.Add(identity);
                await customers.UpdateAsync(current, ct);
            }
        });

        await timeline.AppendAsync(new TimelineEvent
        {
            Id = StableId.From("evt", "link", customerId, identity.ToString()),
            CustomerId = customerId,
            Channel = "system",
            Direction = Direction.System,
            OccurredAt = clock.GetUtcNow(),
            Text = $"Identity of kind {identity.Kind} linked by {actor}.",
            Metadata = new Dictionary<string, string> { ["action"] = "link-identity", ["kind"] = identity.Kind, ["actor"] = actor },
        }, ct);

        log.LogInformation("Identity of kind {Kind} linked to {CustomerId} by {Actor}", identity.Kind, customerId, actor);
        return await customers.GetAsync(customerId, ct) ?? customer;
    }
}
