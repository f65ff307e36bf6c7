using Microsoft.Extensions.Options;
using OmniSupport.Core.Outbound;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace OmniSupport.Channels.Twilio;

/// <summary>
/// SMS through Twilio's SDK (<c>MessageResource.CreateAsync</c>: <c>POST
/// /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form-encoded <c>To</c>, <c>From</c>,
/// <c>Body</c>, <c>StatusCallback</c>, basic auth AccountSid:AuthToken). The SDK runs on our named
/// HttpClient (its <see cref="SystemNetHttpClient"/> accepts one), so the retry pipeline and, in tests,
/// the origin rewrite to WireMock apply. A refusal arrives as <see cref="ApiException"/> with Twilio's
/// status, error code and message.
/// </summary>
public sealed class TwilioSmsSender(IHttpClientFactory http, IOptionsMonitor<TwilioOptions> options) : IChannelSender
{
    public const string HttpClientName = TwilioRest.HttpClientName;

    public string Provider => "twilio";

    public IReadOnlyList<string> Channels { get; } = [OutboundChannels.Sms];

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(options.CurrentValue.AccountSid)
        && !string.IsNullOrWhiteSpace(options.CurrentValue.AuthToken)
        && !string.IsNullOrWhiteSpace(options.CurrentValue.FromNumber);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var client = TwilioRest.Client(http, o);
        var create = new CreateMessageOptions(new PhoneNumber(message.To))
        {
            From = new PhoneNumber(o.FromNumber),
            Body = message.Text ?? "",
        };
        if (Uri.TryCreate(o.StatusCallbackUrl, UriKind.Absolute, out var callback))
        {
            create.StatusCallback = callback;
        }

        try
        {
            var sent = await MessageResource.CreateAsync(create, client);
            return sent.Status == MessageResource.StatusEnum.Failed || sent.Status == MessageResource.StatusEnum.Undelivered
                ? SendResult.Failed(Provider, $"{sent.ErrorCode}: {sent.ErrorMessage}")
                : SendResult.Sent(Provider, sent.Sid);
        }
        catch (ApiException ex)
        {
            return SendResult.Failed(Provider, Outbound.ProviderHttp.Truncate($"{ex.Status} (Twilio error {ex.Code}): {ex.Message}"), ex.Status);
        }
        catch (ApiConnectionException ex)
        {
            return SendResult.Failed(Provider, Outbound.ProviderHttp.Truncate($"No answer from Twilio after retries: {ex.Message}"));
        }
    }
}

/// <summary>Sends the Twilio SDK's requests (always to https://api.twilio.com) to another origin, keeping path and query.</summary>
internal sealed class OriginRewriteHandler(Uri origin) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            var builder = new UriBuilder(uri) { Scheme = origin.Scheme, Host = origin.Host, Port = origin.Port };
            request.RequestUri = builder.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
