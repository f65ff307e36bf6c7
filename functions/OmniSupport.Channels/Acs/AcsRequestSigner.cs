using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmniSupport.Channels.Acs;

/// <summary>
/// ACS access-key authentication (learn.microsoft.com, "Sign an HTTP request with HMAC",
/// communication-services/tutorials/hmac-header-tutorial): the string to sign is
/// <c>{VERB}\n{path and query}\n{x-ms-date};{host};{x-ms-content-sha256}</c>, signed with
/// HMAC-SHA256 under the base64-decoded access key, sent as
/// <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature={base64}</c>.
/// </summary>
public static class AcsRequestSigner
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";

    public static void Sign(HttpRequestMessage request, byte[] body, string accessKey, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var date = now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var signature = Signature(request.Method.Method, uri.PathAndQuery, date, uri.Authority, contentHash, accessKey);
        request.Headers.TryAddWithoutValidation(DateHeader, date);
        request.Headers.TryAddWithoutValidation(ContentHashHeader, contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders={DateHeader};host;{ContentHashHeader}&Signature={signature}");
    }

    public static string Signature(string method, string pathAndQuery, string date, string host, string contentHash, string accessKey)
    {
        var stringToSign = $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";
        return Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(accessKey), Encoding.UTF8.GetBytes(stringToSign)));
    }
}
