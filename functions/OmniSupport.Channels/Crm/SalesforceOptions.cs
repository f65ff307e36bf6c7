namespace OmniSupport.Channels.Crm;

public sealed class SalesforceOptions
{
    public const string SectionName = "Crm:Salesforce";

    /// <summary>The org's My Domain URL (https://mycompany.my.salesforce.com); the token endpoint is {LoginUrl}/services/oauth2/token. Empty: no CRM.</summary>
    public string? LoginUrl { get; set; }

    /// <summary>The external client app's consumer key (client credentials flow).</summary>
    public string? ClientId { get; set; }

    /// <summary>The consumer secret (a Key Vault reference in Azure).</summary>
    public string? ClientSecret { get; set; }

    public string ApiVersion { get; set; } = "v62.0";

    /// <summary>The Account field holding the annual contract value (a custom field in most orgs).</summary>
    public string ContractValueField { get; set; } = "Annual_Contract_Value__c";

    /// <summary>An optional Account field holding a tier (e.g. Support_Tier__c); empty to let routing rules set it.</summary>
    public string? TierField { get; set; }

    /// <summary>How long an account lookup is reused.</summary>
    public int CacheMinutes { get; set; } = 15;

    /// <summary>How long an access token is reused (the client credentials response carries no expiry; the org's session timeout applies).</summary>
    public int TokenMinutes { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(LoginUrl) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}
