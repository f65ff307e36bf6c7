using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Outbound;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Channels.Acs;

/// <summary>
/// SMS through Azure Communication Services' REST API (the SDK is not served here):
/// <c>POST {endpoint}/sms?api-version=2021-03-07</c> with <c>{ from, smsRecipients: [{ to,
/// repeatabilityRequestId, repeatabilityFirstSent }], message, smsSendOptions: { enableDeliveryReport,
/// tag } }</c>, HMAC-signed. 202 answers <c>{ value: [{ to, messageId, httpStatusCode, successful,
/// errorMessage }] }</c> (learn.microsoft.com/rest/api/communication/sms/send). The repeatability id
/// derives from our outbound id, so ACS itself drops a resend of the same message.
/// </summary>
public sealed class AcsSmsSender(IHttpClientFactory http, IOptionsMonitor<AcsOptions> options, TimeProvider clock) : IChannelSender
{
    public const string HttpClientName = "acs";
    public const string ApiVersion = "2021-03-07";

    public string Provider => "acs";

    public IReadOnlyList<string> Channels { get; } = [OutboundChannels.Sms];

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(options.CurrentValue.Endpoint)
        && !string.IsNullOrWhiteSpace(options.CurrentValue.AccessKey)
        && !string.IsNullOrWhiteSpace(options.CurrentValue.FromNumber);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            from = o.FromNumber,
            smsRecipients = new[]
            {
                new
                {
                    to = message.To,
                    repeatabilityRequestId = RepeatabilityId(message.Id).ToString(),
                    repeatabilityFirstSent = message.CreatedAt.UtcDateTime.ToString("r", CultureInfo.InvariantCulture),
                },
            },
            message = message.Text ?? "",
            smsSendOptions = new { enableDeliveryReport = true, tag = message.Id },
        });

        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Combine(o.Endpoint, $"sms?api-version={ApiVersion}"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        AcsRequestSigner.Sign(request, body, o.AccessKey, clock.GetUtcNow());

        var (reply, failure) = await ProviderHttp.SendAsync(http.CreateClient(HttpClientName), request, Provider, ct);
        if (reply is null)
        {
            return failure!;
        }

        var json = reply.Json();
        if (!reply.IsSuccess)
        {
            return ProviderHttp.Refused(Provider, reply, json?.String("error", "message"));
        }

        var result = json?.TryGetProperty("value", out var value) == true && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
            ? value[0]
            : (JsonElement?)null;
        if (result?.String("successful") == "true")
        {
            return SendResult.Sent(Provider, result.Value.String("messageId"), reply.StatusCode);
        }

        var code = int.TryParse(result?.String("httpStatusCode"), out var c) ? c : reply.StatusCode;
        return SendResult.Failed(Provider, ProviderHttp.Truncate($"{code}: {result?.String("errorMessage") ?? reply.Body}"), code);
    }

    /// <summary>A GUID derived from our outbound id: the same message always carries the same repeatability id.</summary>
    public static Guid RepeatabilityId(string outboundId) => new(SHA256.HashData(Encoding.UTF8.GetBytes(outboundId)).AsSpan(0, 16));
}
