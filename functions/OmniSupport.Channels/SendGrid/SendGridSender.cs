using Microsoft.Extensions.Options;
using OmniSupport.Channels.Outbound;
using OmniSupport.Core.Outbound;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace OmniSupport.Channels.SendGrid;

/// <summary>
/// Email through SendGrid's v3 Mail Send (<c>POST /v3/mail/send</c>, Bearer API key) with the SendGrid
/// SDK on our resilient HttpClient. A reply is threaded: <c>In-Reply-To</c> and <c>References</c> name
/// the customer's message, <c>Reply-To</c> carries the conversation token, and
/// <c>custom_args.omnisupport_outbound_id</c> comes back on every Event Webhook event for the message.
/// SendGrid answers 202 with the message id in <c>X-Message-Id</c>; errors are
/// <c>{"errors":[{"message","field","help"}]}</c> (docs.sendgrid.com, Mail Send API v3).
/// </summary>
public sealed class SendGridSender(IHttpClientFactory http, IOptionsMonitor<SendGridOptions> options) : IChannelSender
{
    public const string HttpClientName = "sendgrid";
    public const string OutboundIdArg = OutboundMetadata.EchoedOutboundId;
    public const string DefaultSubject = "Your support request";

    public string Provider => "sendgrid";

    public IReadOnlyList<string> Channels { get; } = [OutboundChannels.Email];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.ApiKey) && !string.IsNullOrWhiteSpace(options.CurrentValue.FromEmail);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var mail = new SendGridMessage();
        mail.SetFrom(new EmailAddress(o.FromEmail, string.IsNullOrWhiteSpace(o.FromName) ? null : o.FromName));
        mail.AddTo(new EmailAddress(message.To));
        mail.Subject = string.IsNullOrWhiteSpace(message.Subject) ? DefaultSubject : message.Subject;
        mail.AddContent(MimeType.Text, message.Text ?? "");
        if (!string.IsNullOrWhiteSpace(o.InboundDomain) && (message.ReplyToken ?? message.ConversationId) is { } token)
        {
            mail.SetReplyTo(new EmailAddress(ReplyAddress(token, o.InboundDomain)));
        }

        // Message-level (not personalization-level) headers and custom_args: one recipient, one message.
        if (message.InReplyTo.Count > 0)
        {
            mail.Headers = new Dictionary<string, string>
            {
                ["In-Reply-To"] = Bracket(message.InReplyTo[^1]),
                ["References"] = string.Join(' ', message.InReplyTo.Select(Bracket)),
            };
        }

        mail.CustomArgs = new Dictionary<string, string> { [OutboundIdArg] = message.Id };

        var client = new SendGridClient(http.CreateClient(HttpClientName), new SendGridClientOptions
        {
            ApiKey = o.ApiKey,
            Host = o.ApiBaseUrl.TrimEnd('/'),
        });

        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return SendResult.Failed(Provider, ProviderHttp.Truncate($"No answer from SendGrid after retries ({ex.GetType().Name}: {ex.Message})"));
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            var id = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            return SendResult.Sent(Provider, id, status);
        }

        var body = await response.Body.ReadAsStringAsync(ct);
        var reply = new ProviderReply(response.StatusCode, body, new Dictionary<string, string>());
        var reason = reply.Json() is { } json ? json.String("errors", "0", "message") : null;
        return ProviderHttp.Refused(Provider, reply, reason);
    }

    /// <summary>The conversation's reply-to address, the token the inbound adapter threads on.</summary>
    public static string ReplyAddress(string conversationId, string inboundDomain) => $"reply+{conversationId}@{inboundDomain.Trim()}";

    /// <summary>Message ids travel in angle brackets in In-Reply-To and References (RFC 5322 §3.6.4).</summary>
    public static string Bracket(string messageId)
    {
        var id = messageId.Trim();
        return id.StartsWith('<') ? id : "<" + id + ">";
    }
}
