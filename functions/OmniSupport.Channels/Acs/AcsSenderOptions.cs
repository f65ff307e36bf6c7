namespace OmniSupport.Channels.Acs;

/// <summary>The send side of <c>Channels:Acs</c> (Azure Communication Services SMS).</summary>
public sealed class AcsSenderOptions
{
    public const string SectionName = "Channels:Acs";

    /// <summary>The resource endpoint, e.g. <c>https://contoso.communication.azure.com</c> (WireMock in tests).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The resource's access key (base64), which signs each request with HMAC-SHA256.</summary>
    public string AccessKey { get; set; } = "";

    /// <summary>The ACS phone number (E.164) SMS replies come from.</summary>
    public string FromNumber { get; set; } = "";
}
