using System.Collections.Specialized;
using System.Text;
using Twilio.Security;

namespace OmniSupport.Channels.Twilio;

/// <summary>
/// Twilio's request signature (https://www.twilio.com/docs/usage/webhooks/webhooks-security), checked by the SDK's
/// <see cref="RequestValidator"/>: HMAC-SHA1 with the Auth Token over the URL Twilio called and the sorted POST
/// parameters, in <c>X-Twilio-Signature</c>. The validator also accepts the URL with and without the scheme's
/// default port (Twilio may sign either), and the JSON-body variant: a <c>bodySHA256</c> query parameter holding
/// the hex SHA-256 of the raw body, the signature then being over the URL alone.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    /// <summary>The query parameter of a JSON-body request's hash.</summary>
    public const string BodyHashParameter = "bodySHA256";

    /// <summary>Whether <paramref name="presented"/> signs this request: the body-hash variant when the URL carries <c>bodySHA256</c>, else the form parameters.</summary>
    public static bool IsValid(string authToken, Uri url, ReadOnlySpan<byte> body, IEnumerable<KeyValuePair<string, string>> formParameters, string? presented)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(formParameters);
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrWhiteSpace(presented))
        {
            return false;
        }

        var validator = new RequestValidator(authToken);
        if (HasBodyHash(url))
        {
            return validator.Validate(url.OriginalString, Encoding.UTF8.GetString(body), presented);
        }

        var parameters = new NameValueCollection();
        foreach (var (name, value) in formParameters)
        {
            parameters.Add(name, value);
        }

        return validator.Validate(url.OriginalString, parameters, presented);
    }

    public static bool HasBodyHash(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.Query.TrimStart('?').Split('&').Any(p => p.StartsWith(BodyHashParameter + "=", StringComparison.Ordinal));
    }
}
