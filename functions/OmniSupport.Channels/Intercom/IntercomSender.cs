using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Outbound;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Channels.Intercom;

/// <summary>
/// Intercom admin replies (developers.intercom.com, "Reply to a conversation"):
/// <c>POST /conversations/{id}/reply</c> with <c>{ message_type: "comment", type: "admin", admin_id,
/// body }</c>, Bearer token and <c>Intercom-Version</c>; the answer is the conversation, whose newest
/// part is our reply. Without a known Intercom conversation the reply starts one:
/// <c>POST /messages</c> <c>{ message_type: "inapp", body, from: { type: "admin", id }, to: { type:
/// "user", id } }</c>. Errors are <c>{ type: "error.list", errors: [{ code, message }] }</c>.
/// </summary>
public sealed class IntercomSender(IHttpClientFactory http, IOptionsMonitor<IntercomOptions> options) : IChannelSender
{
    public const string HttpClientName = "intercom";

    public string Provider => "intercom";

    public IReadOnlyList<string> Channels { get; } = [OutboundChannels.Intercom];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.AccessToken) && !string.IsNullOrWhiteSpace(options.CurrentValue.AdminId);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var hasConversation = message.Metadata.TryGetValue(OutboundMetadata.IntercomConversationId, out var conversationId)
            && !string.IsNullOrWhiteSpace(conversationId);
        using var request = hasConversation
            ? new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Combine(o.ApiBaseUrl, $"conversations/{Uri.EscapeDataString(conversationId!)}/reply"))
            {
                Content = JsonContent.Create(new { message_type = "comment", type = "admin", admin_id = o.AdminId, body = message.Text ?? "" }),
            }
            : new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Combine(o.ApiBaseUrl, "messages"))
            {
                Content = JsonContent.Create(new
                {
                    message_type = "inapp",
                    body = message.Text ?? "",
                    from = new { type = "admin", id = o.AdminId },
                    to = new { type = "user", id = message.To },
                }),
            };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("Intercom-Version", o.ApiVersion);

        var (reply, failure) = await ProviderHttp.SendAsync(http.CreateClient(HttpClientName), request, Provider, ct);
        if (reply is null)
        {
            return failure!;
        }

        var json = reply.Json();
        if (!reply.IsSuccess)
        {
            return ProviderHttp.Refused(Provider, reply, json?.String("errors", "0", "message"));
        }

        var id = hasConversation
            ? json?.String("conversation_parts", "conversation_parts", "-1", "id") ?? json?.String("id")
            : json?.String("id");
        return SendResult.Sent(Provider, id, reply.StatusCode);
    }
}
