namespace OmniSupport.Orchestrations.Policies;

/// <summary>The loaded policy file: policies and the survey delay.</summary>
public sealed class SlaPolicySet(IReadOnlyList<SlaPolicy> policies, TimeSpan? surveyDelay)
{
    public static readonly SlaPolicySet Empty = new([], null);

    public IReadOnlyList<SlaPolicy> Policies { get; } = policies;

    /// <summary>The file's survey delay, if it sets one (the setting <c>Sla:SurveyDelay</c> wins).</summary>
    public TimeSpan? SurveyDelay { get; } = surveyDelay;

    /// <summary>
    /// The policy for a channel and tier, most specific first: channel and tier, any channel for the
    /// tier (a tier's promise holds on every channel), the channel for any tier, then the <c>*</c> default.
    /// </summary>
    public SlaPolicy? Resolve(string? channel, string? tier)
    {
        var hasTier = !string.IsNullOrWhiteSpace(tier);
        return Find(p => Same(p.Channel, channel) && hasTier && Same(p.Tier, tier))
            ?? Find(p => p.Channel == "*" && hasTier && Same(p.Tier, tier))
            ?? Find(p => Same(p.Channel, channel) && p.Tier is null)
            ?? Find(p => p.Channel == "*" && p.Tier is null);
    }

    /// <summary>The policy with that name (a routing rule may name one for a conversation).</summary>
    public SlaPolicy? Named(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : Policies.FirstOrDefault(p => Same(p.Name, name));

    /// <summary>A conversation's policy for a customer message: the one routing named for it, else its channel's and tier's.</summary>
    public SlaPolicy? For(string? conversationPolicy, string? channel, string? tier) =>
        Named(conversationPolicy) ?? Resolve(channel, tier);

    private SlaPolicy? Find(Func<SlaPolicy, bool> match) => Policies.FirstOrDefault(match);

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
