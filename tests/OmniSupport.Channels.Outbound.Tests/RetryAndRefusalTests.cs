using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OmniSupport.Channels.Outbound.Tests;

/// <summary>Every sender: a 429 is retried and the send succeeds; a 400 is a failure carrying the provider's reason.</summary>
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

    [Fact]
    public async Task A_provider_that_keeps_failing_with_503_is_a_failure_after_the_retries()
    {
        var c = ProviderCase.All["x"];
        _harness.Server.Given(Request.Create().WithPath(c.Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("""{"title":"Service Unavailable","detail":"Over capacity"}"""));
        var sender = _harness.Sender("x", c.Settings(_harness.BaseUrl));

        var result = await sender.SendAsync(c.Message, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(503, result.ProviderStatusCode);
        Assert.Contains("Over capacity", result.FailureReason);
        Assert.Equal(4, _harness.Requests.Count); // the first attempt and MaxRetryAttempts = 3
    }
}
