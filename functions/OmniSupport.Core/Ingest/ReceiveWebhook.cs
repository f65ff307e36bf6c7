using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Ingest;

/// <summary>What the host answers a provider.</summary>
public abstract record WebhookOutcome
{
    private WebhookOutcome()
    {
    }

    public sealed record Accepted(string? EnvelopeId, int MessageCount, int StatusCode, string? ContentType, string? Body) : WebhookOutcome;

    public sealed record Handshake(int StatusCode, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers) : WebhookOutcome;

    public sealed record Rejected(int StatusCode, string Title, string Detail) : WebhookOutcome;

    /// <summary>Our fault (storage down): a 5xx so the provider retries instead of dropping the message.</summary>
    public sealed record Unavailable(string Detail) : WebhookOutcome;
}

/// <summary>
/// The webhook request path: verify, answer a handshake, parse, enqueue, ack. Nothing else runs
/// here: the ack is fast, and once it is sent the message is on the queue.
/// </summary>
public sealed class ReceiveWebhook(IEnumerable<IWebhookAdapter> adapters, IInboundQueue queue, ILogger<ReceiveWebhook> log)
{
    private readonly Dictionary<string, IWebhookAdapter> _adapters =
        adapters.ToDictionary(a => a.Provider, StringComparer.OrdinalIgnoreCase);

    public async Task<WebhookOutcome> HandleAsync(WebhookRequest request, CancellationToken ct)
    {
        if (!_adapters.TryGetValue(request.Provider, out var adapter))
        {
            log.LogWarning("Webhook for an unknown provider rejected ({Length} characters)", request.Provider.Length);
            return new WebhookOutcome.Rejected(404, "Unknown provider", "No webhook adapter is registered under that name; the providers are: "
                + string.Join(", ", _adapters.Keys.Order(StringComparer.Ordinal)) + ".");
        }

        if (string.Equals(request.Method, "OPTIONS", StringComparison.OrdinalIgnoreCase) && !adapter.TakesOptions)
        {
            var takers = string.Join(", ", _adapters.Values.Where(a => a.TakesOptions).Select(a => a.Provider).Order(StringComparer.Ordinal));
            return new WebhookOutcome.Rejected(405, "Method not allowed",
                $"The {adapter.Provider} webhook takes GET and POST; OPTIONS is a provider's handshake, taken only by: {(takers.Length == 0 ? "none" : takers)}.");
        }

        AdapterResult result;
        try
        {
            result = adapter.Accept(request);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            log.LogWarning(SummarizedException.Of(ex), "Webhook {Provider} body unreadable: {Error}", adapter.Provider, ex.GetType().Name);
            return new WebhookOutcome.Rejected(400, "Malformed webhook body", "The body could not be read as this provider's format.");
        }

        switch (result)
        {
            case AdapterResult.Handshake h:
                log.LogInformation("Webhook {Provider} handshake answered", adapter.Provider);
                return new WebhookOutcome.Handshake(h.StatusCode, h.ContentType, h.Body, h.Headers);
            case AdapterResult.Rejected r:
                log.LogWarning("Webhook {Provider} rejected with {StatusCode}: {Reason}", adapter.Provider, r.StatusCode, r.Detail);
                return new WebhookOutcome.Rejected(r.StatusCode, r.Title, r.Detail);
        }

        var accepted = (AdapterResult.Accepted)result;
        if (InboundMessageRules.Check(accepted.Messages) is { } problem)
        {
            log.LogWarning("Webhook {Provider} refused: a field is over its limit or malformed", adapter.Provider);
            return new WebhookOutcome.Rejected(400, "Webhook field refused", problem);
        }

        var envelope = new InboundEnvelope
        {
            Id = StableId.New("env"),
            Provider = adapter.Provider,
            ReceivedAt = request.ReceivedAt,
            TraceParent = Activity.Current?.Id,
            Messages = accepted.Messages,
        };

        if (envelope.Messages.Count > 0)
        {
            try
            {
                await queue.EnqueueAsync(envelope, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(SummarizedException.Of(ex), "Webhook {Provider} could not be enqueued ({Error}); answered 503", adapter.Provider, ex.GetType().Name);
                return new WebhookOutcome.Unavailable("The message could not be queued; retry later.");
            }
        }

        log.LogInformation(
            "Webhook {Provider} accepted: {MessageCount} message(s) {ProviderMessageIds} in envelope {EnvelopeId}",
            adapter.Provider, envelope.Messages.Count, string.Join(",", envelope.Messages.Select(m => m.ProviderMessageId)), envelope.Id);
        // A verified, well-formed delivery with nothing the hub tracks (an X follow, an empty event batch) is
        // acknowledged with 200 and no envelope: answering 4xx would make the provider retry or disable the webhook.
        return envelope.Messages.Count == 0 && accepted.AckBody is null
            ? new WebhookOutcome.Accepted(null, 0, 200, null, null)
            : new WebhookOutcome.Accepted(envelope.Id, envelope.Messages.Count, accepted.AckStatusCode, accepted.AckContentType, accepted.AckBody);
    }
}
