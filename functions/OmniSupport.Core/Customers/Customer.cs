using System.Text.Json.Serialization;
using OmniSupport.Core.Identity;

namespace OmniSupport.Core.Customers;

/// <summary>One person or account holder, whatever channel they used.</summary>
public sealed class Customer
{
    public required string Id { get; init; }
    public string? DisplayName { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public List<ContactIdentity> Identities { get; set; } = [];
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set when this profile was merged into another one; the profile itself is kept.</summary>
    public string? MergedInto { get; set; }

    /// <summary>Profiles merged into this one: their timelines read as part of this one.</summary>
    public List<string> MergedFrom { get; set; } = [];

    /// <summary>Possible duplicates an agent should look at (never merged automatically).</summary>
    public List<MergeSuggestion> MergeSuggestions { get; set; } = [];

    /// <summary>Opaque concurrency token of the stored row.</summary>
    [JsonIgnore]
    public string? Version { get; set; }

    /// <summary>
    /// The customer's open-conversation pointer as the store read it together with the profile (both rows
    /// are one partition: one request instead of two), or null when it was not read with it. Only a
    /// profile unchanged since its read carries it: threading may start from it and reads again when it
    /// turns out stale.
    /// </summary>
    [JsonIgnore]
    public OpenPointerAsRead? OpenConversation { get; set; }

    /// <summary>True on the profile the message being processed has just created: a first contact, with no past to look up.</summary>
    [JsonIgnore]
    public bool FirstContact { get; set; }

    public string? AccountId => Identities.FirstOrDefault(i => i.Kind == IdentityKinds.Account)?.Value;

    public bool Has(ContactIdentity identity) => Identities.Contains(identity);
}

/// <summary>The open-conversation pointer as read (<see cref="ConversationId"/> null: there was none).</summary>
public sealed record OpenPointerAsRead(string? ConversationId);

/// <summary>Two profiles that look like one person but hold different account ids.</summary>
public sealed record MergeSuggestion(
    string OtherCustomerId,
    string Reason,
    IReadOnlyList<string> MatchedIdentities,
    string? ProviderMessageId,
    DateTimeOffset At);
