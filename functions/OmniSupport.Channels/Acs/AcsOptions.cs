using OmniSupport.Core.Common;

namespace OmniSupport.Channels.Acs;

/// <summary>The <c>Channels:Acs</c> section: verifying what arrives and sending replies (one class per section).</summary>
public sealed class AcsOptions
{
    public const string SectionName = "Channels:Acs";

    /// <summary>
    /// The shared secret in the Event Grid subscription's endpoint URL
    /// (<c>/api/webhooks/acs/events?secret=...</c>): Event Grid does not sign deliveries, so the secret is the proof.
    /// </summary>
    [TrimmedSecret]
    public string WebhookSecret { get; set; } = "";

    /// <summary>The resource endpoint, e.g. <c>https://contoso.communication.azure.com</c> (WireMock in tests).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The resource's access key (base64), which signs each request with HMAC-SHA256.</summary>
    [TrimmedSecret]
    public string AccessKey { get; set; } = "";

    /// <summary>The ACS phone number (E.164) SMS replies come from.</summary>
    public string FromNumber { get; set; } = "";
}
