namespace OmniSupport.Core.Conversations;

/// <summary>What a bot knew when it handed the customer to a human.</summary>
public sealed class HandoffContext
{
    public required string Platform { get; init; }
    public string? SessionId { get; init; }
    public string? Intent { get; init; }
    public double? Confidence { get; init; }
    public IReadOnlyDictionary<string, string> Slots { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> StepsAttempted { get; init; } = [];
    public IReadOnlyList<string> Transcript { get; init; } = [];
    public string? TranscriptReference { get; init; }
}
