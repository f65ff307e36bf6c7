namespace OmniSupport.Core.Common;

/// <summary>A use case was asked about a record that does not exist (the API answers 404).</summary>
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");

/// <summary>A request the domain refuses as it stands (the API answers 409 or 400 with the reason).</summary>
public sealed class DomainRuleException(string reason, int statusCode = 409) : Exception(reason)
{
    public int StatusCode { get; } = statusCode;
}
