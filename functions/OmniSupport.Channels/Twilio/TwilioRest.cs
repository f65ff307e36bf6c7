using Twilio.Clients;
using Twilio.Http;

namespace OmniSupport.Channels.Twilio;

/// <summary>
/// The Twilio SDK's client on our named HttpClient (the shared resilient registration, and in tests the origin
/// rewrite to WireMock), with the account's credentials from <c>Channels:Twilio</c>. Used by the SMS sender and the dialer.
/// </summary>
internal static class TwilioRest
{
    public const string HttpClientName = "twilio";

    public static TwilioRestClient Client(IHttpClientFactory http, TwilioOptions o) =>
        new(o.AccountSid, o.AuthToken, accountSid: o.AccountSid, httpClient: new SystemNetHttpClient(http.CreateClient(HttpClientName)));
}
