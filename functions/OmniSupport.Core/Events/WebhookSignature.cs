using System.Security.Cryptography;
using System.Text;

namespace OmniSupport.Core.Events;

/// <summary>
/// How a helpdesk verifies a delivery: HMAC-SHA256 with its secret over <c>{timestamp}.{body}</c>
/// (Unix seconds, the exact body bytes), hex in <c>X-OmniSupport-Signature: sha256=…</c>.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-OmniSupport-Signature";
    public const string TimestampHeader = "X-OmniSupport-Timestamp";
    public const string DeliveryHeader = "X-OmniSupport-Delivery";
    public const string EventHeader = "X-OmniSupport-Event";

    public static string Sign(string secret, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }
}
