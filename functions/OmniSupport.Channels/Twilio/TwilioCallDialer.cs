using Microsoft.Extensions.Options;
using OmniSupport.Core.Sla;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace OmniSupport.Channels.Twilio;

/// <summary>
/// Places a call task's call through Twilio Voice with the SDK's call resource (<c>CallResource.CreateAsync</c>:
/// <c>POST /2010-04-01/Accounts/{AccountSid}/Calls.json</c> with To, From, Url or Twiml, StatusCallback;
/// the answer's <c>sid</c> is the CallSid the status callbacks name), on the account of <c>Channels:Twilio</c>
/// and the shared resilient HttpClient. Configured when the account and <c>Channels:Twilio:Voice:FromNumber</c> are set.
/// </summary>
public sealed class TwilioCallDialer(IHttpClientFactory http, IOptionsMonitor<TwilioOptions> options) : ICallDialer
{
    /// <summary>What an answered call hears when no TwiML URL is configured.</summary>
    public const string HoldTwiml = "<Response><Say>Hello, this is customer support returning your message. Please hold while we connect you.</Say></Response>";

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(options.CurrentValue.AccountSid)
        && !string.IsNullOrWhiteSpace(options.CurrentValue.AuthToken)
        && !string.IsNullOrWhiteSpace(options.CurrentValue.Voice.FromNumber);

    public async Task<PlacedCall> DialAsync(string callTaskId, string to, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var create = new CreateCallOptions(new PhoneNumber(to), new PhoneNumber(o.Voice.FromNumber));
        if (Uri.TryCreate(o.Voice.TwimlUrl, UriKind.Absolute, out var twimlUrl))
        {
            create.Url = twimlUrl;
        }
        else
        {
            create.Twiml = new Twiml(HoldTwiml);
        }

        if (Uri.TryCreate(o.Voice.StatusCallbackUrl, UriKind.Absolute, out var callback))
        {
            create.StatusCallback = callback;
            create.StatusCallbackMethod = global::Twilio.Http.HttpMethod.Post;
        }

        try
        {
            var call = await CallResource.CreateAsync(create, TwilioRest.Client(http, o));
            return new PlacedCall(call.Sid);
        }
        catch (ApiException ex)
        {
            throw new CallDialException($"Twilio refused the call of task {callTaskId}: HTTP {ex.Status} (Twilio error {ex.Code}).", ex);
        }
        catch (ApiConnectionException ex)
        {
            throw new CallDialException($"No answer from Twilio for the call of task {callTaskId} after retries.", ex);
        }
    }
}
