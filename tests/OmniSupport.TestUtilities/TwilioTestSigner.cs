using System.Security.Cryptography;
using System.Text;

namespace OmniSupport.TestUtilities;

/// <summary>
/// Signs requests as Twilio does, for tests that post webhooks (the hub checks them with the Twilio SDK's
/// validator; this signer is itself checked against Twilio's documented example in the Channels tests).
/// </summary>
public static class TwilioTestSigner
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
