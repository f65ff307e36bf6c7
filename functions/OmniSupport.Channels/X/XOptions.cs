using OmniSupport.Core.Common;

namespace OmniSupport.Channels.X;

/// <summary>The <c>Channels:X</c> section: verifying what arrives and sending replies (one class per section).</summary>
public sealed class XOptions
{
    public const string SectionName = "Channels:X";

    /// <summary>The app's consumer secret (API key secret): the CRC answer and every delivery's signature use it.</summary>
    [TrimmedSecret]
    public string ConsumerSecret { get; set; } = "";

    /// <summary>
    /// An OAuth 2.0 user-context access token of the support account (scopes <c>dm.write</c>,
    /// <c>dm.read</c>, <c>tweet.read</c>, <c>users.read</c>), sent as Bearer: DMs cannot be sent with
    /// an app-only bearer token.
    /// </summary>
    [TrimmedSecret]
    public string BearerToken { get; set; } = "";

    /// <summary>The API's origin (WireMock in tests).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.x.com";
}
