namespace OmniSupport.Channels.Meta;

/// <summary>The send side of <c>Channels:Meta</c> (Messenger and WhatsApp Cloud API, both on the Graph API).</summary>
public sealed class MetaSenderOptions
{
    public const string SectionName = "Channels:Meta";

    /// <summary>The Page access token Messenger replies are sent with.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The WhatsApp Business phone number id replies are sent from.</summary>
    public string WhatsAppPhoneNumberId { get; set; } = "";

    /// <summary>The token for WhatsApp sends (a system user token); empty: <see cref="AccessToken"/> is used.</summary>
    public string WhatsAppAccessToken { get; set; } = "";

    public string GraphApiVersion { get; set; } = "v23.0";

    /// <summary>The Graph API's origin (WireMock in tests).</summary>
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com";

    public string WhatsAppToken => string.IsNullOrWhiteSpace(WhatsAppAccessToken) ? AccessToken : WhatsAppAccessToken;
}
