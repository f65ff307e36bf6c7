namespace OmniSupport.Core.Ingest;

/// <summary>
/// One provider's side of the receive seam: verify the request, answer its handshake, parse it into
/// inbound messages. Runs on the request path, so it is pure CPU: no I/O, nothing stored.
/// </summary>
public interface IWebhookAdapter
{
    /// <summary>The first segment after <c>/api/webhooks/</c> (e.g. <c>twilio</c>, <c>generic</c>).</summary>
    string Provider { get; }

    /// <summary>
    /// Whether <see cref="Accept"/> takes <c>OPTIONS</c> requests (Event Grid's CloudEvents handshake); for every other
    /// provider an <c>OPTIONS</c> is answered 405 before the adapter sees it.
    /// </summary>
    bool TakesOptions => false;

    AdapterResult Accept(WebhookRequest request);
}

/// <summary>What an adapter made of a request.</summary>
public abstract record AdapterResult
{
    private AdapterResult()
    {
    }

    /// <summary>Verified and parsed: the messages go to the inbound queue (possibly none, e.g. an event we do not track).</summary>
    public sealed record Accepted(IReadOnlyList<InboundMessage> Messages) : AdapterResult
    {
        /// <summary>The ack the provider expects (202 and a JSON receipt unless the provider wants e.g. TwiML).</summary>
        public int AckStatusCode { get; init; } = 202;
        public string? AckContentType { get; init; }
        public string? AckBody { get; init; }
    }

    /// <summary>A provider handshake answered in place (Event Grid validation, X CRC, Meta hub.challenge).</summary>
    public sealed record Handshake(int StatusCode, string ContentType, string Body) : AdapterResult
    {
        /// <summary>Response headers the handshake is answered with (CloudEvents' <c>WebHook-Allowed-Origin</c>).</summary>
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    }

    /// <summary>Refused: 401 for a signature or timestamp, 400 for a body we cannot read, 404 for an unknown source.</summary>
    public sealed record Rejected(int StatusCode, string Title, string Detail) : AdapterResult;

    public static Rejected Unauthorized(string detail) => new(401, "Webhook not authenticated", detail);

    public static Rejected Malformed(string detail) => new(400, "Malformed webhook body", detail);
}
