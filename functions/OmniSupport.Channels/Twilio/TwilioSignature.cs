using System.Text;
using OmniSupport.Channels.Common;

namespace OmniSupport.Channels.Twilio;

/// <summary>
/// Twilio's request signature (https://www.twilio.com/docs/usage/webhooks/webhooks-security): the full URL
/// Twilio called (with its query string), then every POST parameter sorted by name with the name and
/// the value appended, HMAC-SHA1 with the Auth Token, base64, in <c>X-Twilio-Signature</c>.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        return Convert.ToBase64String(Hmac.Sha1(authToken, data.ToString()));
    }

    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? presented) =>
        Signatures.Base64Equals(Convert.FromBase64String(Compute(authToken, url, parameters)), presented);
}
