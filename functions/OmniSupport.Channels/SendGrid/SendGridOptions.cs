using OmniSupport.Core.Common;

namespace OmniSupport.Channels.SendGrid;

/// <summary>The <c>Channels:SendGrid</c> section: verifying what arrives and sending replies (one class per section).</summary>
public sealed class SendGridOptions
{
    public const string SectionName = "Channels:SendGrid";

    /// <summary>
    /// The Inbound Parse secret: the last path segment of the destination URL
    /// (<c>/api/webhooks/sendgrid/inbound/{secret}</c>), or the password of HTTP basic auth
    /// (<c>https://parse:{secret}@host/api/webhooks/sendgrid/inbound</c>).
    /// </summary>
    [TrimmedSecret]
    public string InboundSecret { get; set; } = "";

    /// <summary>The Signed Event Webhook's verification key as SendGrid shows it (base64 of the DER public key, ECDSA P-256).</summary>
    public string EventWebhookPublicKey { get; set; } = "";

    /// <summary>
    /// The Inbound Parse receiving domain (e.g. <c>reply.example.com</c>). A reply to
    /// <c>reply+{conversationId}@{InboundDomain}</c> threads into that conversation, and replies we send carry that
    /// <c>Reply-To</c> so answers thread back. Empty: the token is read on any domain.
    /// </summary>
    public string InboundDomain { get; set; } = "";

    /// <summary>A SendGrid API key with Mail Send permission. Empty: email replies go to the local outbox.</summary>
    [TrimmedSecret]
    public string ApiKey { get; set; } = "";

    /// <summary>The verified sender address replies come from.</summary>
    public string FromEmail { get; set; } = "";

    public string FromName { get; set; } = "";


    /// <summary>The v3 API's origin (WireMock in tests).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.sendgrid.com";
}
