using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Outbound;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Channels.Meta;

/// <summary>
/// Messenger replies through the Send API (developers.facebook.com, Messenger Platform "Send API"):
/// <c>POST /{version}/me/messages</c> with <c>{ recipient: { id: PSID }, messaging_type: "RESPONSE",
/// message: { text } }</c> and the Page access token (sent as a Bearer header, which the Graph API
/// accepts like the <c>access_token</c> parameter and which keeps the token out of URLs and logs);
/// the answer is <c>{ recipient_id, message_id }</c>.
/// </summary>
public sealed class MessengerSender(IHttpClientFactory http, IOptionsMonitor<MetaOptions> options) : IChannelSender
{
    public const string HttpClientName = "meta";

    public string Provider => "messenger";

    public IReadOnlyList<string> Channels { get; } = [OutboundChannels.Messenger];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.AccessToken);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Combine(o.GraphBaseUrl, $"{o.GraphApiVersion}/me/messages"))
        {
            Content = JsonContent.Create(new
            {
                recipient = new { id = message.To },
                messaging_type = "RESPONSE",
                message = new { text = message.Text ?? "" },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.AccessToken);

        var (reply, failure) = await ProviderHttp.SendAsync(http.CreateClient(HttpClientName), request, Provider, ct);
        if (reply is null)
        {
            return failure!;
        }

        var json = reply.Json();
        return reply.IsSuccess
            ? SendResult.Sent(Provider, json?.String("message_id"), reply.StatusCode)
            : ProviderHttp.Refused(Provider, reply, GraphErrors.Reason(json));
    }
}
