using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OmniSupport.Channels.Outbound.Tests;

/// <summary>
/// Every sender: a 429 is retried and the send succeeds; a 400 is a failure carrying the provider's reason;
/// a send is repeated after a 5xx or a timeout only where the provider dedupes it (ACS's repeatability id).
/// </summary>
public sealed class RetryAndRefusalTests : IDisposable
{
    private readonly SenderHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public async Task A_429_then_success_is_retried_and_the_send_succeeds(string provider)
    {
        var c = ProviderCase.All[provider];
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .InScenario("throttled").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithBody("""{"errors":[{"message":"Too many requests"}]}"""));
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .InScenario("throttled").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(c.SuccessStatus).WithBody(c.SuccessBody).WithHeaders(c.SuccessHeaders).WithHeader("Content-Type", "application/json"));
        var sender = _harness.Sender(provider, c.Settings(_harness.BaseUrl));

        var result = await sender.SendAsync(c.Message, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(c.ExpectedProviderMessageId, result.ProviderMessageId);
        Assert.Equal(2, _harness.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(ProviderCase.Names), MemberType = typeof(ProviderCase))]
    public async Task A_400_is_a_failure_with_the_providers_reason_and_is_not_retried(string provider)
    {
        var c = ProviderCase.All[provider];
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody(c.RefusalBody).WithHeader("Content-Type", "application/json"));
        var sender = _harness.Sender(provider, c.Settings(_harness.BaseUrl));

        var result = await sender.SendAsync(c.Message, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(400, result.ProviderStatusCode);
        Assert.Contains(c.ExpectedReason, result.FailureReason);
        Assert.Single(_harness.Requests);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("twilio")]
    [InlineData("sendgrid")]
    public async Task A_send_to_a_provider_that_does_not_dedupe_is_not_repeated_after_a_503(string provider)
    {
        var c = ProviderCase.All[provider];
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("""{"title":"Service Unavailable","detail":"Over capacity"}"""));
        var sender = _harness.Sender(provider, c.Settings(_harness.BaseUrl));

        var result = await sender.SendAsync(c.Message, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(503, result.ProviderStatusCode);
        Assert.Single(_harness.Requests); // the provider may have sent it: a second POST could reach the customer twice
    }

    [Fact]
    public async Task A_send_that_timed_out_at_a_provider_that_does_not_dedupe_is_not_repeated()
    {
        var c = ProviderCase.All["x"];
        var received = 0;
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                // Counted on arrival (the log has only answered requests); answered after the client gave up.
                Interlocked.Increment(ref received);
                Thread.Sleep(TimeSpan.FromSeconds(3));
                return new WireMock.ResponseMessage { StatusCode = c.SuccessStatus };
            }));
        var settings = c.Settings(_harness.BaseUrl);
        settings["Channels:Outbound:Http:AttemptTimeoutSeconds"] = "1";
        settings["Channels:Outbound:Http:TotalTimeoutSeconds"] = "10";
        var sender = _harness.Sender("x", settings);

        var result = await sender.SendAsync(c.Message, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(1, Volatile.Read(ref received));
    }

    [Fact]
    public async Task Acs_dedupes_by_repeatability_id_so_a_send_failing_with_503_is_retried_with_the_same_id()
    {
        var c = ProviderCase.All["acs"];
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("""{"error":{"code":"ServiceUnavailable","message":"Over capacity"}}"""));
        var sender = _harness.Sender("acs", c.Settings(_harness.BaseUrl));

        var result = await sender.SendAsync(c.Message, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(503, result.ProviderStatusCode);
        Assert.Equal(4, _harness.Requests.Count); // the first attempt and MaxRetryAttempts = 3
        Assert.Single(_harness.Requests.Select(r => SenderHarness.Json(r).GetProperty("smsRecipients")[0].GetProperty("repeatabilityRequestId").GetString()).Distinct());
    }

    [Theory]
    [InlineData("acs", 503)]
    [InlineData("x", 429)]
    public async Task Max_retry_attempts_0_means_no_retry(string provider, int status)
    {
        var c = ProviderCase.All[provider];
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody("""{"errors":[{"message":"Try later"}]}"""));
        var settings = c.Settings(_harness.BaseUrl);
        settings["Channels:Outbound:Http:MaxRetryAttempts"] = "0";
        var sender = _harness.Sender(provider, settings);

        var result = await sender.SendAsync(c.Message, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Single(_harness.Requests);
    }
}
