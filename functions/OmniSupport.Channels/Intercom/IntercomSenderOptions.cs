namespace OmniSupport.Channels.Intercom;

/// <summary>The send side of <c>Channels:Intercom</c>.</summary>
public sealed class IntercomSenderOptions
{
    public const string SectionName = "Channels:Intercom";

    /// <summary>The workspace's access token (Bearer).</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The Intercom admin (teammate) id replies are authored as.</summary>
    public string AdminId { get; set; } = "";

    /// <summary>The value of the <c>Intercom-Version</c> header.</summary>
    public string ApiVersion { get; set; } = "2.11";

    /// <summary>The REST API's origin (<c>https://api.eu.intercom.io</c> for EU workspaces; WireMock in tests).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.intercom.io";
}
