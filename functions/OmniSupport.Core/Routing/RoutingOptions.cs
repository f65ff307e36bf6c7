namespace OmniSupport.Core.Routing;

/// <summary>
/// Ordered routing rules (<c>Routing:Rules:0</c>, <c>:1</c>…): the first whose conditions all hold
/// decides queue, priority and SLA policy when a conversation opens. A rule without conditions matches all.
/// </summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    public List<RoutingRule> Rules { get; set; } = [];
}

public sealed class RoutingRule
{
    public string Name { get; set; } = "";

    // Conditions (all given ones must hold).

    /// <summary>The customer's <c>tier</c> attribute is one of these (comma-separated).</summary>
    public string? Tier { get; set; }

    /// <summary>The customer's <c>contractValue</c> attribute is greater than this.</summary>
    public decimal? ContractValueOver { get; set; }

    /// <summary>The customer's <c>contractValue</c> attribute is at most this.</summary>
    public decimal? ContractValueAtMost { get; set; }

    /// <summary>The opening message's channel is one of these (comma-separated).</summary>
    public string? Channel { get; set; }

    /// <summary>The bot's intent is one of these (comma-separated; a trailing * matches a prefix).</summary>
    public string? Intent { get; set; }

    // Outcome.
    public string Queue { get; set; } = "";
    public int Priority { get; set; } = 3;
    public string? SlaPolicy { get; set; }

    /// <summary>Sets the customer's <c>tier</c> attribute (e.g. contract value over 50,000 → enterprise).</summary>
    public string? SetTier { get; set; }

    /// <summary>Creates an outbound callback task for the conversation.</summary>
    public bool CallbackTask { get; set; }
}

public static class CustomerAttributeNames
{
    public const string Tier = "tier";
    public const string ContractValue = "contractValue";
    public const string CrmAccountId = "crmAccountId";
    public const string AccountName = "accountName";
    public const string CrmCheckedAt = "crmCheckedAt";
}
