namespace OmniSupport.IntegrationTests;

// The API's JSON as a helpdesk reads it: the tests deserialize into these, not into the domain types.
public sealed record IdentityDto(string Kind, string Value);

public sealed record MergeSuggestionDto(string OtherCustomerId, string Reason, List<string> MatchedIdentities, string? ProviderMessageId);

public sealed record CustomerDto(
    string Id,
    string? DisplayName,
    List<IdentityDto> Identities,
    string? MergedInto,
    List<string> MergedFrom,
    List<MergeSuggestionDto> MergeSuggestions,
    Dictionary<string, string>? Attributes = null);

public sealed record TimelineEventDto(
    string Id,
    string CustomerId,
    string? ConversationId,
    string Channel,
    string Direction,
    string? Provider,
    string? ProviderMessageId,
    DateTimeOffset OccurredAt,
    string? Text,
    Dictionary<string, string> Metadata);

public sealed record TimelinePageDto(List<TimelineEventDto> Events, string? ContinuationToken);

public sealed record ConversationDto(string Id, string CustomerId, string Status, List<string> Channels, string? LastInboundChannel);

public sealed record ProblemDto(int Status, string Title, string Detail);
