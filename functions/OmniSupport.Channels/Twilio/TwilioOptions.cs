using OmniSupport.Core.Common;

namespace OmniSupport.Channels.Twilio;

public sealed class TwilioOptions
{
    public const string SectionName = "Channels:Twilio";

    /// <summary>The account's primary Auth Token: Twilio signs every webhook with it (X-Twilio-Signature).</summary>
    [TrimmedSecret]
    public string AuthToken { get; set; } = "";
}
