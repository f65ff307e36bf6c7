namespace OmniSupport.Channels.SendGrid;

/// <summary>The send side of <c>Channels:SendGrid</c> (the inbound adapter reads its own properties of the same section).</summary>
public sealed class SendGridSenderOptions
{
    public const string SectionName = "Channels:SendGrid";

    /// <summary>A SendGrid API key with Mail Send permission. Empty: email replies go to the local outbox.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The verified sender address replies come from.</summary>
    public string FromEmail { get; set; } = "";

    public string FromName { get; set; } = "";

    /// <summary>The Inbound Parse domain: replies carry <c>Reply-To: reply+{conversationId}@{InboundDomain}</c> so answers thread back.</summary>
    public string InboundDomain { get; set; } = "";

    /// <summary>The v3 API's origin (WireMock in tests).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.sendgrid.com";
}
