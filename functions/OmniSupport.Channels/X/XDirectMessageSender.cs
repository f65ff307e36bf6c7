using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Outbound;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Channels.X;

/// <summary>
/// X direct messages (docs.x.com, X API v2 "Create DM message by participant ID"):
/// <c>POST /2/dm_conversations/with/{participant_id}/messages</c> with <c>{ "text": … }</c> and a
/// user-context Bearer token; 201 answers <c>{ data: { dm_conversation_id, dm_event_id } }</c>.
/// Errors are problem documents (<c>title</c>, <c>detail</c>) or <c>{ errors: [{ message }] }</c>.
/// </summary>
public sealed class XDirectMessageSender(IHttpClientFactory http, IOptionsMonitor<XOptions> options) : IChannelSender
{
    public const string HttpClientName = "x";

    public string Provider => "x";

    public IReadOnlyList<string> Channels { get; } = [OutboundChannels.X];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.BearerToken);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post,
            ProviderHttp.Combine(o.ApiBaseUrl, $"2/dm_conversations/with/{Uri.EscapeDataString(message.To)}/messages"))
        {
            Content = JsonContent.Create(new { text = message.Text ?? "" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.BearerToken);

        var (reply, failure) = await ProviderHttp.SendAsync(http.CreateClient(HttpClientName), request, Provider, ct);
        if (reply is null)
        {
            return failure!;
        }

        var json = reply.Json();
        if (!reply.IsSuccess)
        {
            return ProviderHttp.Refused(Provider, reply, json?.String("errors", "0", "message") ?? json?.String("detail") ?? json?.String("title"));
        }

        return SendResult.Sent(Provider, json?.String("data", "dm_event_id"), reply.StatusCode);
    }
}
