using System.Net;
using System.Text.Json;
using OmniSupport.Core.Outbound;
using Polly;

namespace OmniSupport.Channels.Outbound;

/// <summary>A provider's answer: status, body and headers, read in full.</summary>
internal sealed record ProviderReply(HttpStatusCode Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public int StatusCode => (int)Status;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public JsonElement? Json()
    {
        try
        {
            return string.IsNullOrWhiteSpace(Body) ? null : JsonDocument.Parse(Body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The HTTP plumbing the senders share: one call through the resilience pipeline, and refusals in the provider's words.</summary>
internal static class ProviderHttp
{
    public const int MaxReasonLength = 500;

    /// <summary>
    /// Sends the request (the client's pipeline retries transient failures). Returns the provider's
    /// reply, or the failure when no reply came even after the retries.
    /// </summary>
    public static async Task<(ProviderReply? Reply, SendResult? Failure)> SendAsync(
        HttpClient client, HttpRequestMessage request, string provider, CancellationToken ct)
    {
        try
        {
            using var response = await client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var headers = response.Headers.Concat(response.Content.Headers)
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => string.Join(",", g.First().Value), StringComparer.OrdinalIgnoreCase);
            return (new ProviderReply(response.StatusCode, body, headers), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return (null, SendResult.Failed(provider, Truncate($"No answer from {provider} after retries ({ex.GetType().Name}: {ex.Message})")));
        }
    }

    /// <summary>A refusal: the status and the provider's own reason text.</summary>
    public static SendResult Refused(string provider, ProviderReply reply, string? reason) =>
        SendResult.Failed(provider, Truncate($"{reply.StatusCode} {reply.Status}: {(string.IsNullOrWhiteSpace(reason) ? reply.Body : reason)}"), reply.StatusCode);

    public static string Truncate(string text) => text.Length <= MaxReasonLength ? text : text[..MaxReasonLength];

    public static string? String(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var step in path)
        {
            if (current.ValueKind == JsonValueKind.Array && int.TryParse(step, out var index))
            {
                if (index < 0)
                {
                    index = current.GetArrayLength() + index;
                }

                if (index < 0 || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
                continue;
            }

            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current.ValueKind switch
        {
            JsonValueKind.String => current.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => current.GetRawText(),
            _ => null,
        };
    }

    public static Uri Combine(string baseUrl, string relative) => new(baseUrl.TrimEnd('/') + "/" + relative.TrimStart('/'));
}
