using System.Text;
using System.Web;
using OmniSupport.Channels.Twilio;
using OmniSupport.Core.Sla;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OmniSupport.Channels.Outbound.Tests;

/// <summary>Call tasks' calls through the Twilio SDK's call resource, on the Channels:Twilio account.</summary>
public sealed class TwilioCallDialerTests : IDisposable
{
    private const string Account = "AC00000000000000000000000000000001";
    private readonly SenderHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Channels:Twilio:AccountSid"] = Account,
            ["Channels:Twilio:AuthToken"] = "twilio-test-token",
            ["Channels:Twilio:ApiBaseUrl"] = _harness.BaseUrl,
            ["Channels:Twilio:Voice:FromNumber"] = "+15005550006",
            ["Channels:Twilio:Voice:StatusCallbackUrl"] = "https://hub.example.com/api/webhooks/twilio/voice",
            ["Channels:Outbound:Http:MaxRetryAttempts"] = "0",
            ["Channels:Outbound:Http:RetryBaseDelayMilliseconds"] = "5",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task A_call_is_created_with_the_accounts_basic_auth_and_returns_its_call_sid()
    {
        _harness.Server.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Account}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"sid":"CA22222222222222222222222222222222","status":"queued","direction":"outbound-api"}"""));
        var dialer = _harness.Dialer(Settings());

        var call = await dialer.DialAsync("call_1", "+14155550100", default);

        Assert.True(dialer.IsConfigured);
        Assert.Equal("CA22222222222222222222222222222222", call.CallId);
        var request = _harness.SingleRequest();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Account + ":twilio-test-token")), SenderHarness.Header(request, "Authorization"));
        var form = HttpUtility.ParseQueryString(request.RequestMessage.Body!);
        Assert.Equal("+14155550100", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal(TwilioCallDialer.HoldTwiml, form["Twiml"]);
        Assert.Equal("https://hub.example.com/api/webhooks/twilio/voice", form["StatusCallback"]);
        Assert.Equal("POST", form["StatusCallbackMethod"]);
    }

    [Fact]
    public async Task A_refused_call_fails_with_twilios_status_and_code_but_not_the_number()
    {
        _harness.Server.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Account}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":21211,"message":"The 'To' number +14155550100 is not a valid phone number.","status":400}"""));
        var dialer = _harness.Dialer(Settings());

        var e = await Assert.ThrowsAsync<CallDialException>(() => dialer.DialAsync("call_1", "+14155550100", default));

        Assert.Contains("400", e.Message, StringComparison.Ordinal);
        Assert.Contains("21211", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("+14155550100", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_voice_number_no_call_is_placed()
    {
        Assert.False(_harness.Dialer(Settings(new() { ["Channels:Twilio:Voice:FromNumber"] = "" })).IsConfigured);
    }
}
