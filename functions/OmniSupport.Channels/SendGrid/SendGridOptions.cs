namespace OmniSupport.Channels.SendGrid;

public sealed class SendGridOptions
{
    public const string SectionName = "Channels:SendGrid";

    /// <summary>
    /// The Inbound Parse secret: the last path segment of the destination URL
    /// (<c>/api/webhooks/sendgrid/inbound/{secret}</c>), or the password of HTTP basic auth
    /// (<c>https://parse:{secret}@host/api/webhooks/sendgrid/inbound</c>).
    /// </summary>
    public string InboundSecret { get; set; } = "";

    /// <summary>The Signed Event Webhook's verification key as SendGrid shows it (base64 of the DER public key, ECDSA P-256).</summary>
    public string EventWebhookPublicKey { get; set; } = "";

    /// <summary>
    /// The Inbound Parse receiving domain (e.g. <c>reply.example.com</c>). A reply to
    /// <c>reply+{conversationId}@{InboundDomain}</c> threads into that conversation. Empty: the token is read on any domain.
    /// </summary>
    public string InboundDomain { get; set; } = "";
}
