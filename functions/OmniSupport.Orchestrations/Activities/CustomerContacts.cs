using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>How to reach a customer on a channel: the identity the channel addresses.</summary>
public sealed class CustomerContacts(ICustomerStore customers)
{
    /// <summary>The customer, following a merge to the surviving profile.</summary>
    public async Task<Customer?> GetAsync(string customerId, CancellationToken ct)
    {
        var customer = await customers.GetAsync(customerId, ct);
        for (var hops = 0; customer?.MergedInto is { } into && hops < 5; hops++)
        {
            customer = await customers.GetAsync(into, ct);
        }

        return customer;
    }

    /// <summary>The recipient for a channel: email → email identity, sms/whatsapp/voice → phone, other channels → a handle of that kind.</summary>
    public static string? AddressFor(Customer customer, string channel)
    {
        var kind = channel switch
        {
            "email" => IdentityKinds.Email,
            "sms" or "whatsapp" or "voice" or "phone" => IdentityKinds.Phone,
            _ => channel,
        };
        return customer.Identities.FirstOrDefault(i => i.Kind == kind)?.Value;
    }
}
