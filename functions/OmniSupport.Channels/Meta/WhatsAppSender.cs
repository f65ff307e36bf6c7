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
/// A user known only by a business-scoped user id (a username in place of a phone number) is addressed with
/// <c>recipient</c> instead of <c>to</c>, as Meta's usernames changes (2026) specify; a BSUID has a period after its
/// country code, which no phone number or WhatsApp id has.
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
            Content = JsonContent.Create(Body(message)),
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

    public static bool IsBusinessScopedUserId(string address) => address.Contains('.', StringComparison.Ordinal);

    private static Dictionary<string, object> Body(OutboundMessage message) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["recipient_type"] = "individual",
        [IsBusinessScopedUserId(message.To) ? "recipient" : "to"] = message.To.TrimStart('+'),
        ["type"] = "text",
        ["text"] = new Dictionary<string, object> { ["preview_url"] = false, ["body"] = message.Text ?? "" },
    };
}
