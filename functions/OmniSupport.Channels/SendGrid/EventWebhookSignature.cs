using System.Security.Cryptography;
using System.Text;

namespace OmniSupport.Channels.SendGrid;

/// <summary>
/// SendGrid's Signed Event Webhook (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features):
/// ECDSA P-256 with SHA-256 over the <c>X-Twilio-Email-Event-Webhook-Timestamp</c> value followed by the raw body,
/// the signature base64 of its DER (ASN.1) encoding in <c>X-Twilio-Email-Event-Webhook-Signature</c>,
/// verified with the account's public key (base64 of the DER SubjectPublicKeyInfo).
/// </summary>
public static class EventWebhookSignature
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    public static bool IsValid(string publicKeyBase64, string timestamp, ReadOnlySpan<byte> body, string? signatureBase64)
    {
        if (string.IsNullOrWhiteSpace(signatureBase64))
        {
            return false;
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(StripPem(publicKeyBase64)), out _);
            return key.VerifyData(Signed(timestamp, body), Convert.FromBase64String(signatureBase64.Trim()),
                HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>What SendGrid signs: the timestamp text, then the body bytes.</summary>
    public static byte[] Signed(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp);
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return data;
    }

    /// <summary>Operators sometimes paste the key with PEM armour; the DER inside is what counts.</summary>
    private static string StripPem(string key) => string.Concat(key
        .Replace("-----BEGIN PUBLIC KEY-----", "", StringComparison.Ordinal)
        .Replace("-----END PUBLIC KEY-----", "", StringComparison.Ordinal)
        .Where(c => !char.IsWhiteSpace(c)));
}
