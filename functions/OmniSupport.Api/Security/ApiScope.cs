namespace OmniSupport.Api.Security;

/// <summary>What a key may do. Each scope includes the ones below it.</summary>
public enum ApiScope
{
    Read = 1,
    Write = 2,
    Admin = 3,
}

/// <summary>
/// The caller of one request. An endpoint that reads or writes a customer's data names the customer
/// with <see cref="Touches"/>, so the audit entry the pipeline appends lands in that customer's trail.
/// </summary>
public sealed record ApiPrincipal(string KeyId, ApiScope Scope, string? ClientAddress)
{
    private readonly List<string> _customers = [];

    /// <summary>The actor name written to timelines and events.</summary>
    public string Actor => "api-key:" + KeyId;

    public IReadOnlyList<string> Customers => _customers;

    /// <summary>Records that this request reads or writes the customer's data (for the audit log).</summary>
    public void Touches(string? customerId)
    {
        if (!string.IsNullOrWhiteSpace(customerId) && !_customers.Contains(customerId))
        {
            _customers.Add(customerId);
        }
    }
}
