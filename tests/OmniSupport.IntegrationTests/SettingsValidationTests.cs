using Microsoft.Extensions.Options;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>A bad setting stops the host at start with a message that names the setting, rather than failing the first request that reads it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SettingsValidationTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Worker:BatchSize", "64")]
    [InlineData("Worker:VisibilityTimeoutSeconds", "-1")]
    [InlineData("Ingest:ReplayWindowSeconds", "5")]
    [InlineData("Ingest:DedupeRetentionDays", "0")]
    [InlineData("Channels:Twilio:AuthToken", "token-pasted-with-a-newline\n")]
    [InlineData("Channels:X:ConsumerSecret", " x-secret")]
    [InlineData("Channels:Meta:AppSecret", "meta-secret\t")]
    [InlineData("Channels:SendGrid:InboundSecret", "parse-secret ")]
    [InlineData("Channels:X:ApiBaseUrl", "not a url")]
    [InlineData("Channels:Outbound:Http:MaxRetryAttempts", "11")]
    public async Task A_bad_value_stops_the_host_naming_the_setting(string setting, string value)
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        hub.Settings[setting] = value;

        var refused = Assert.ThrowsAny<Exception>(() => hub.CreateClient());

        // One invalid section is an OptionsValidationException; several at once come as an AggregateException of them;
        // one a service's constructor met first comes as it was thrown there, possibly wrapped.
        var failures = Causes(refused).OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.True(failures.Any(f => f.Contains(setting, StringComparison.Ordinal)), $"the start was refused with {refused}");
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException all ? all.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var cause in inner.SelectMany(Causes))
        {
            yield return cause;
        }
    }
}
