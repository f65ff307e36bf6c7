using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BenchKit;

/// <summary>
/// The load benches' webhook: a customer message to the generic adapter, signed as a provider signs it
/// (HMAC-SHA256 of "timestamp.body" with the source's secret). Message i rotates email, SMS and chat and
/// comes from one of <c>customers</c> senders, so most messages join a customer's open conversation.
/// </summary>
public static class GenericWebhook
{
    public static HttpRequestMessage Signed(string source, string secret, string messageId, int i, string sender)
    {
        var body = JsonSerializer.Serialize(new
        {
            channel = (i % 3) switch { 0 => "email", 1 => "sms", _ => "chat" },
            messageId,
            sentAt = DateTimeOffset.UtcNow,
            from = new { email = sender },
            text = "Where is my order?",
        });
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ts + "." + body)));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/generic/{source}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-OmniSupport-Timestamp", ts);
        request.Headers.Add("X-OmniSupport-Signature", "sha256=" + signature);
        return request;
    }
}
