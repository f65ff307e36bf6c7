using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Outbound;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Channels.Meta;

/// <summary>
/// WhatsApp Cloud API text messages (developers.facebook.com, WhatsApp Cloud API "Send messages"):
/// <c>POST /{version}/{phone-number-id}/messages</c> with <c>{ messaging_product: "whatsapp",
/// recipient_type: "individual", to, type: "text", text: { preview_url: false, body } }</c> and a
/// Bearer token; the answer is <c>{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id }] }</c>.
/// </summary>
public sealed class WhatsAppSender(IHttpClientFactory http, IOptionsMonitor<MetaOptions> options) : IChannelSender
{
    public string Provider => "whatsapp";

    public IReadOnlyList<string> Channels { get; } = [OutboundChannels.WhatsApp];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.WhatsAppToken) && !string.IsNullOrWhiteSpace(options.CurrentValue.WhatsAppPhoneNumberId);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post,
            ProviderHttp.Combine(o.GraphBaseUrl, $"{o.GraphApiVersion}/{Uri.EscapeDataString(o.WhatsAppPhoneNumberId)}/messages"))
        {
            Content = JsonContent.Create(new
            {
                messaging_product = "whatsapp",
                recipient_type = "individual",
                to = message.To.TrimStart('+'),
                type = "text",
                text = new { preview_url = false, body = message.Text ?? "" },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.WhatsAppToken);

        var (reply, failure) = await ProviderHttp.SendAsync(http.CreateClient(MessengerSender.HttpClientName), request, Provider, ct);
        if (reply is null)
        {
            return failure!;
        }

        var json = reply.Json();
        return reply.IsSuccess
            ? SendResult.Sent(Provider, json?.String("messages", "0", "id"), reply.StatusCode)
            : ProviderHttp.Refused(Provider, reply, GraphErrors.Reason(json));
    }
}
