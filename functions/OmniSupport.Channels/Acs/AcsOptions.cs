namespace OmniSupport.Channels.Acs;

public sealed class AcsOptions
{
    public const string SectionName = "Channels:Acs";

    /// <summary>
    /// The shared secret in the Event Grid subscription's endpoint URL
    /// (<c>/api/webhooks/acs/events?secret=...</c>): Event Grid does not sign deliveries, so the secret is the proof.
    /// </summary>
    public string WebhookSecret { get; set; } = "";
}
