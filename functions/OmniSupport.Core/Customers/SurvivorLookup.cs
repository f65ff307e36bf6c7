using OmniSupport.Core.Abstractions;

namespace OmniSupport.Core.Customers;

public static class SurvivorLookup
{
    private const int MaxHops = 16;

    /// <summary>The profile a customer was merged into (through any chain of merges), or the customer itself.</summary>
    public static async Task<Customer> FollowMergesAsync(this ICustomerStore customers, Customer customer, CancellationToken ct)
    {
        for (var hops = 0; customer.MergedInto is not null && hops < MaxHops; hops++)
        {
            customer = await customers.GetAsync(customer.MergedInto, ct) ?? customer;
        }

        return customer;
    }
}
