using System.Globalization;
using System.Text;
using System.Text.Json;
using OmniSupport.Channels.Generic;

namespace BenchKit;

/// <summary>
/// The benches' webhooks to the generic adapter, signed as a provider signs them, with the adapter's own
/// signing function and header names (so a bench cannot drift from what the hub verifies).
/// </summary>
public static class GenericWebhook
{
    /// <summary>A POST of <paramref name="body"/> to the source's webhook, signed with its secret and the current time.</summary>
    public static HttpRequestMessage Signed(string source, string secret, string body, Uri? baseAddress = null)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(GenericWebhookAdapter.Sign(secret, ts, Encoding.UTF8.GetBytes(body)));
        var path = $"/api/webhooks/generic/{source}";
        var request = new HttpRequestMessage(HttpMethod.Post, baseAddress is null ? new Uri(path, UriKind.Relative) : new Uri(baseAddress, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(GenericWebhookAdapter.TimestampHeader, ts);
        request.Headers.Add(GenericWebhookAdapter.SignatureHeader, "sha256=" + signature);
        return request;
    }

    /// <summary>
    /// The load benches' customer message: message i rotates email, SMS and chat and comes from
    /// <paramref name="sender"/>, so most messages join a customer's open conversation.
    /// </summary>
    public static string CustomerMessage(string messageId, int i, string sender) => JsonSerializer.Serialize(new
    {
        channel = (i % 3) switch { 0 => "email", 1 => "sms", _ => "chat" },
        messageId,
        sentAt = DateTimeOffset.UtcNow,
        from = new { email = sender },
        text = "Where is my order?",
    });
}
