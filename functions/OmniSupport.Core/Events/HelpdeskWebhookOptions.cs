namespace OmniSupport.Core.Events;

public sealed class HelpdeskWebhookOptions
{
    public const string SectionName = "Helpdesk:Webhooks";

    /// <summary>Tries per delivery before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay before the second try; it doubles on each further try.</summary>
    public int BaseDelaySeconds { get; set; } = 5;

    /// <summary>The longest delay between tries (the queue allows up to seven days).</summary>
    public int MaxDelaySeconds { get; set; } = 3600;

    /// <summary>How long one post may take.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}
