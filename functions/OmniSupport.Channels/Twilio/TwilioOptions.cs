using OmniSupport.Core.Common;

namespace OmniSupport.Channels.Twilio;

/// <summary><c>Channels:Twilio</c>: one account for the webhooks it signs, the SMS we send and the calls of call tasks.</summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Channels:Twilio";

    /// <summary>The account's primary Auth Token: Twilio signs every webhook with it (X-Twilio-Signature), and the REST calls authenticate with it.</summary>
    [TrimmedSecret]
    public string AuthToken { get; set; } = "";

    public string AccountSid { get; set; } = "";

    /// <summary>The Twilio number (E.164) SMS replies come from.</summary>
    public string FromNumber { get; set; } = "";

    /// <summary>Where Twilio posts the message's status changes (the hub's <c>/api/webhooks/twilio/status</c>); empty: no status callbacks.</summary>
    public string StatusCallbackUrl { get; set; } = "";

    /// <summary>
    /// Another origin for the REST API (WireMock in tests). Twilio's SDK always builds
    /// <c>https://api.twilio.com/…</c>; when this is set, our HttpClient under the SDK rewrites the origin.
    /// </summary>
    public string ApiBaseUrl { get; set; } = "";

    /// <summary>Outbound calls of call tasks (<see cref="TwilioCallDialer"/>), on the account above.</summary>
    public TwilioVoiceOptions Voice { get; set; } = new();
}

/// <summary><c>Channels:Twilio:Voice</c>: the call a call task places. Calls are placed only when <see cref="FromNumber"/> is set.</summary>
public sealed class TwilioVoiceOptions
{
    /// <summary>The Twilio number (E.164) calls come from; empty: no calls are placed, call tasks wait for an agent.</summary>
    public string FromNumber { get; set; } = "";

    /// <summary>TwiML the call runs when answered (e.g. connect to the agents' queue); empty: a short spoken hold message.</summary>
    public string TwimlUrl { get; set; } = "";

    /// <summary>Where Twilio posts the call's status (the hub's <c>/api/webhooks/twilio/voice</c>); empty: no status callbacks.</summary>
    public string StatusCallbackUrl { get; set; } = "";
}
