namespace OmniSupport.Core.Ingest;

/// <summary>
/// A provider's HTTP request as the hosts hand it to an adapter: no framework types, the body
/// as the exact bytes that were signed.
/// </summary>
public sealed class WebhookRequest
{
    public required string Provider { get; init; }

    /// <summary>The route after <c>/api/webhooks/{provider}/</c>, e.g. <c>sms</c> for Twilio or the source name for generic.</summary>
    public string Path { get; init; } = "";

    public string Method { get; init; } = "POST";

    /// <summary>The URL the provider called, as it saw it (scheme and host from the public base URL when behind a proxy).</summary>
    public required Uri PublicUrl { get; init; }

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public string? ContentType { get; init; }
    public ReadOnlyMemory<byte> Body { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
