namespace OmniSupport.Channels.Outbound;

/// <summary>
/// The retry pipeline every sender's HttpClient runs through (Microsoft.Extensions.Http.Resilience's
/// standard handler), with exponential backoff and jitter, honouring a provider's Retry-After. What is
/// retried is <see cref="ProviderRetryRule"/>'s: a send (POST) after a 429 or a connection that never
/// opened, and after a timeout or 5xx only where the provider dedupes it (ACS).
/// </summary>
public sealed class SenderHttpOptions
{
    public const string SectionName = "Channels:Outbound:Http";

    /// <summary>Retries after the first attempt; 0 means none.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first backoff; later ones grow exponentially (with jitter).</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>How long one attempt may take.</summary>
    public int AttemptTimeoutSeconds { get; set; } = 20;

    /// <summary>How long a send may take over all its attempts.</summary>
    public int TotalTimeoutSeconds { get; set; } = 120;
}
