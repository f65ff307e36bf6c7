namespace OmniSupport.Core.Identity;

/// <summary>One way to reach or recognise a customer: a kind and a normalized value.</summary>
public sealed record ContactIdentity(string Kind, string Value)
{
    public override string ToString() => $"{Kind}:{Value}";
}

/// <summary>The identity kinds with a meaning of their own; any other kind is a channel handle (x, intercom, whatsapp…).</summary>
public static class IdentityKinds
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Account = "account";

    /// <summary>Which identity decides when a message's identities point at different customers.</summary>
    public static int Precedence(string kind) => kind switch
    {
        Account => 0,
        Email => 1,
        Phone => 2,
        _ => 3,
    };
}
