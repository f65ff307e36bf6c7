using Microsoft.Extensions.Options;
using OmniSupport.Core.Routing;

namespace OmniSupport.Orchestrations.Policies;

/// <summary>
/// A routing rule that names an SLA policy the policy file does not hold would leave its conversations on their
/// channel's policy without anyone noticing, so the host does not start with one; the message names the rule,
/// the policy and the names the file has. Without a policy file (or with a broken one, which
/// <see cref="SlaOptionsValidator"/> reports) there is nothing to check against.
/// </summary>
public sealed class RoutingPolicyNames(IOptions<SlaOptions> sla, SlaPolicyProvider policies) : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (SlaPolicyProvider.ResolvePath(sla.Value.PolicyFile) is not { } path || !File.Exists(path))
        {
            return ValidateOptionsResult.Success;
        }

        SlaPolicySet set;
        try
        {
            set = policies.Policies; // loaded once, shared with the engine
        }
        catch (SlaPolicyException)
        {
            return ValidateOptionsResult.Success;
        }

        var known = string.Join(", ", set.Policies.Select(p => p.Name).Where(n => !string.IsNullOrWhiteSpace(n)));
        var failures = options.Rules
            .Select((rule, i) => (rule, i))
            .Where(r => !string.IsNullOrWhiteSpace(r.rule.SlaPolicy) && set.Named(r.rule.SlaPolicy) is null)
            .Select(r => $"Routing:Rules:{r.i}:SlaPolicy ('{r.rule.Name}') is '{r.rule.SlaPolicy}', which the SLA policy file ({path}) does not define; it defines: {known}.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
