namespace OmniSupport.Core.Routing;

/// <summary>What a CRM knows about the account behind a contact.</summary>
public sealed record CrmAccount(string AccountId, string? Name, decimal? ContractValue, string? Tier);

/// <summary>A CRM behind one interface (Salesforce is the first; another CRM fits the same shape).</summary>
public interface ICrmConnector
{
    /// <summary>False when no CRM is configured: routing then uses the stored attributes only.</summary>
    bool Enabled { get; }

    /// <summary>The account of the contact with this email, or null when the CRM has none.</summary>
    Task<CrmAccount?> FindAccountByEmailAsync(string email, CancellationToken ct);
}

/// <summary>No CRM configured.</summary>
public sealed class NoCrmConnector : ICrmConnector
{
    public bool Enabled => false;

    public Task<CrmAccount?> FindAccountByEmailAsync(string email, CancellationToken ct) => Task.FromResult<CrmAccount?>(null);
}
