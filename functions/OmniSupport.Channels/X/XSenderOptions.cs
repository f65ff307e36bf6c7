namespace OmniSupport.Channels.X;

/// <summary>The send side of <c>Channels:X</c>.</summary>
public sealed class XSenderOptions
{
    public const string SectionName = "Channels:X";

    /// <summary>
    /// An OAuth 2.0 user-context access token of the support account (scopes <c>dm.write</c>,
    /// <c>dm.read</c>, <c>tweet.read</c>, <c>users.read</c>), sent as Bearer: DMs cannot be sent with
    /// an app-only bearer token.
    /// </summary>
    public string BearerToken { get; set; } = "";

    /// <summary>The API's origin (WireMock in tests).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.x.com";
}
