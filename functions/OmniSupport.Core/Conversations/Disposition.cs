namespace OmniSupport.Core.Conversations;

/// <summary>How an agent closed a conversation, and whether they had to ask again for what a bot or earlier channel had.</summary>
public sealed class Disposition
{
    public required string Code { get; init; }
    public bool Recollected { get; init; }
    public string? Notes { get; init; }
    public required string Actor { get; init; }
    public required DateTimeOffset At { get; init; }
}
