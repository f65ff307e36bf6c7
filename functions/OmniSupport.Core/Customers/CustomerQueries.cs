using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Identity;

namespace OmniSupport.Core.Customers;

/// <summary>A customer's profile by id, as stored (a merged-away profile shows <c>MergedInto</c>).</summary>
public sealed class GetCustomer(ICustomerStore customers)
{
    public async Task<Customer> GetAsync(string customerId, CancellationToken ct) =>
        await customers.GetAsync(customerId, ct) ?? throw new NotFoundException($"Customer {customerId}");
}

/// <summary>The customer an identity belongs to, by one point read on the index (followed through merges).</summary>
public sealed class FindCustomer(IIdentityIndex index, ICustomerStore customers, IdentityNormalizer normalizer)
{
    public async Task<Customer> FindAsync(string kind, string value, CancellationToken ct)
    {
        var identity = normalizer.Normalize(kind, value)
            ?? throw new DomainRuleException($"'{value}' is not a valid {kind}.", 400);
        var id = await index.FindAsync(identity, ct) ?? throw new NotFoundException($"A customer with this {kind}");
        var customer = await customers.GetAsync(id, ct) ?? throw new NotFoundException($"Customer {id}");
        return await customers.FollowMergesAsync(customer, ct);
    }
}
