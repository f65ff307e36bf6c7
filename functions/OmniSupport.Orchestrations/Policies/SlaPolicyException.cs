namespace OmniSupport.Orchestrations.Policies;

/// <summary>The policy file did not validate; each error names the field (<c>policies[2].escalations[0].after</c>).</summary>
public sealed class SlaPolicyException(string source, IReadOnlyList<string> errors)
    : Exception($"SLA policy file {source} is invalid: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
