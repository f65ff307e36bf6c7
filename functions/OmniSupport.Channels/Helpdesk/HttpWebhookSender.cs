using System.Text;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Events;

namespace OmniSupport.Channels.Helpdesk;

/// <summary>Posts a signed delivery to a helpdesk; any answer or failure is reported, never thrown.</summary>
public sealed class HttpWebhookSender(IHttpClientFactory http, IOptionsMonitor<HelpdeskWebhookOptions> options) : IWebhookSender
{
    public const string HttpClientName = "helpdesk-webhooks";

    public async Task<WebhookPostResult> PostAsync(WebhookPost post, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.CurrentValue.TimeoutSeconds));
        using var request = new HttpRequestMessage(HttpMethod.Post, post.Url)
        {
            Content = new StringContent(post.Body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in post.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return new WebhookPostResult((int)response.StatusCode, response.IsSuccessStatusCode ? null : response.ReasonPhrase);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookPostResult(null, ex.HttpRequestError.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookPostResult(null, "timeout");
        }
    }
}
