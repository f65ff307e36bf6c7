using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Api.Endpoints;

/// <summary><c>GET|POST /api/webhooks/{provider}/{*path}</c>: hands the exact request to the provider's adapter.</summary>
public sealed class WebhookEndpoint(ReceiveWebhook receive, IOptionsMonitor<ApiOptions> options, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string provider, string? path, CancellationToken ct)
    {
        var limit = options.CurrentValue.MaxWebhookBodyBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        // The server's own cap (Kestrel: 30,000,000 bytes) would otherwise fail a body between it and
        // ours with a 500; this endpoint's limit is ours, counted below for chunked bodies too.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
        {
            cap.MaxRequestBodySize = null;
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request, limit, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        catch (BadHttpRequestException ex)
        {
            // The request's own framing is broken (a body shorter than its Content-Length, bad chunking), or the rest of the
            // body never came (408: under the server's minimum data rate after its grace period).
            return Problems.Create(ex.StatusCode, "Webhook body unreadable", ex.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The body stopped arriving before its declared length (Content-Length) was reached; nothing was stored."
                : "The body ended before its declared length or its chunked framing is invalid; nothing was stored.");
        }
        catch (IOException) when (!ct.IsCancellationRequested)
        {
            // Our side could not finish reading: a 5xx, so the provider sends it again.
            return Problems.Create(503, "Webhook body not read", "The body could not be read to its end; retry.");
        }

        if (body is null)
        {
            return TooLarge(limit);
        }

        var outcome = await receive.HandleAsync(new WebhookRequest
        {
            Provider = provider,
            Path = path ?? "",
            Method = request.Method,
            PublicUrl = PublicUrl(request),
            Query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            Headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            ContentType = request.ContentType,
            Body = body,
            ReceivedAt = clock.GetUtcNow(),
        }, ct);

        return outcome switch
        {
            WebhookOutcome.Accepted { Body: not null } a => Results.Text(a.Body, a.ContentType, statusCode: a.StatusCode),
            WebhookOutcome.Accepted a => Results.Json(new WebhookReceipt(a.EnvelopeId, a.MessageCount), statusCode: a.StatusCode),
            WebhookOutcome.Handshake h => Handshake(request.HttpContext.Response, h),
            WebhookOutcome.Rejected r => Problems.Create(r.StatusCode, r.Title, r.Detail),
            WebhookOutcome.Unavailable u => Problems.Create(503, "Temporarily unavailable", u.Detail),
            _ => Problems.Create(500, "Unexpected outcome", outcome.GetType().Name),
        };
    }

    private static IResult Handshake(HttpResponse response, WebhookOutcome.Handshake handshake)
    {
        foreach (var (name, value) in handshake.Headers)
        {
            response.Headers[name] = value;
        }

        return Results.Text(handshake.Body, handshake.ContentType, statusCode: handshake.StatusCode);
    }

    private static IResult TooLarge(int limit) =>
        Problems.Create(413, "Webhook body too large", $"The body is over the {limit} byte limit (Api:MaxWebhookBodyBytes).");

    private Uri PublicUrl(HttpRequest request)
    {
        var configured = options.CurrentValue.PublicBaseUrl;
        var baseUrl = string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}"
            : configured.TrimEnd('/');
        // A request without a usable Host (HTTP/1.0 allows none) still gets an absolute URL; its signature,
        // if the provider signs URLs, simply will not match.
        return Uri.TryCreate(baseUrl + request.PathBase + request.Path + request.QueryString, UriKind.Absolute, out var url)
            ? url
            : new Uri("http://unknown-host" + request.PathBase + request.Path);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
