namespace OmniSupport.Channels.Twilio;

/// <summary>The send side of <c>Channels:Twilio</c>.</summary>
public sealed class TwilioSenderOptions
{
    public const string SectionName = "Channels:Twilio";

    public string AccountSid { get; set; } = "";

    public string AuthToken { get; set; } = "";

    /// <summary>The Twilio number (E.164) SMS replies come from.</summary>
    public string FromNumber { get; set; } = "";

    /// <summary>Where Twilio posts the message's status changes (the hub's Twilio SMS webhook); empty: no status callbacks.</summary>
    public string StatusCallbackUrl { get; set; } = "";

    /// <summary>
    /// Another origin for the REST API (WireMock in tests). Twilio's SDK always builds
    /// <c>https://api.twilio.com/…</c>; when this is set, our HttpClient under the SDK rewrites the origin.
    /// </summary>
    public string ApiBaseUrl { get; set; } = "";
}
