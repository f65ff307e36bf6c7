namespace OmniSupport.Api.Security;

/// <summary>What a key may do. Each scope includes the ones below it.</summary>
public enum ApiScope
{
    Read = 1,
    Write = 2,
    Admin = 3,
}

public sealed record ApiPrincipal(string KeyId, ApiScope Scope, string? ClientAddress);
