namespace OmniSupport.Channels.Intercom;

public sealed class IntercomOptions
{
    public const string SectionName = "Channels:Intercom";

    /// <summary>The app's client secret (Developer Hub → Basic information): Intercom signs webhooks with it (X-Hub-Signature).</summary>
    public string ClientSecret { get; set; } = "";
}
