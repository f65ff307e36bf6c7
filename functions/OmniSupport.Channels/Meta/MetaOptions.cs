using OmniSupport.Core.Common;

namespace OmniSupport.Channels.Meta;

/// <summary>The <c>Channels:Meta</c> section: verifying what arrives and sending replies (one class per section).</summary>
public sealed class MetaOptions
{
    public const string SectionName = "Channels:Meta";

    /// <summary>The Meta app secret: every delivery is signed with it (X-Hub-Signature-256).</summary>
    [TrimmedSecret]
    public string AppSecret { get; set; } = "";

    /// <summary>The verify token typed into the app's webhook settings; Meta echoes it in the subscription handshake.</summary>
    [TrimmedSecret]
    public string VerifyToken { get; set; } = "";

    /// <summary>The Page access token Messenger replies are sent with.</summary>
    [TrimmedSecret]
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
