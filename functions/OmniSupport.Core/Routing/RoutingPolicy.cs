using System.Globalization;
using Microsoft.Extensions.Options;

namespace OmniSupport.Core.Routing;

public sealed record RoutingFacts(IReadOnlyDictionary<string, string> Attributes, string? Channel, string? Intent);

/// <summary>Picks the first configured rule whose conditions hold.</summary>
public sealed class RoutingPolicy(IOptionsMonitor<RoutingOptions> options)
{
    public RoutingRule? Choose(RoutingFacts facts) => options.CurrentValue.Rules.FirstOrDefault(r => Matches(r, facts));

    public static bool Matches(RoutingRule rule, RoutingFacts facts)
    {
        if (rule.Tier is not null && !OneOf(rule.Tier, facts.Attributes.GetValueOrDefault(CustomerAttributeNames.Tier)))
        {
            return false;
        }

        if (rule.ContractValueOver is not null || rule.ContractValueAtMost is not null)
        {
            var raw = facts.Attributes.GetValueOrDefault(CustomerAttributeNames.ContractValue);
            if (!decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            if ((rule.ContractValueOver is { } over && value <= over) || (rule.ContractValueAtMost is { } most && value > most))
            {
                return false;
            }
        }

        if (rule.Channel is not null && !OneOf(rule.Channel, facts.Channel))
        {
            return false;
        }

        return rule.Intent is null || OneOf(rule.Intent, facts.Intent);
    }

    private static bool OneOf(string list, string? value) =>
        value is not null && list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(v => v.EndsWith('*')
                ? value.StartsWith(v[..^1], StringComparison.OrdinalIgnoreCase)
                : string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
}
