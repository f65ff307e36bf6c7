using OmniSupport.Core.Common;

namespace OmniSupport.Channels.Intercom;

/// <summary>The <c>Channels:Intercom</c> section: verifying what arrives and sending replies (one class per section).</summary>
public sealed class IntercomOptions
{
    public const string SectionName = "Channels:Intercom";

    /// <summary>The app's client secret (Developer Hub → Basic information): Intercom signs webhooks with it (X-Hub-Signature).</summary>
    [TrimmedSecret]
    public string ClientSecret { get; set; } = "";

    /// <summary>The workspace's access token (Bearer).</summary>
    [TrimmedSecret]
    public string AccessToken { get; set; } = "";

    /// <summary>The Intercom admin (teammate) id replies are authored as.</summary>
    public string AdminId { get; set; } = "";

    /// <summary>The value of the <c>Intercom-Version</c> header.</summary>
    public string ApiVersion { get; set; } = "2.11";

    /// <summary>The REST API's origin (<c>https://api.eu.intercom.io</c> for EU workspaces; WireMock in tests).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.intercom.io";
}
