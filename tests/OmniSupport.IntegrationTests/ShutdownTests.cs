using Microsoft.Extensions.DependencyInjection;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// A stop is bounded whatever storage does: the Server is stopped after its Azurite is gone (as when a
/// terminal's Ctrl+C reaches both, or the storage account becomes unreachable during a deployment), while
/// its queue workers and its Durable task hub worker hold messages and leases they can no longer return.
/// </summary>
public sealed class ShutdownTests
{
    /// <summary>Not a speed assert: a generous safety deadline, past which the stop would hang for minutes or forever.</summary>
    private static readonly TimeSpan SafetyDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Server_whose_storage_went_away_still_stops()
    {
        var azurite = new AzuriteFixture { AlwaysStart = true };
        await azurite.InitializeAsync();
        var hub = new HubFactory(azurite.ConnectionString);
        try
        {
            hub.Settings["Durable:Enabled"] = "true";
            hub.Settings["Durable:PartitionCount"] = "1";
            hub.Settings["Durable:MaxQueuePollingIntervalMilliseconds"] = "500";
            await hub.PostAcceptedAsync(Scenario.Message("stop-1", "chat", "still there?", email: "stop@example.com"));
            var customer = await hub.CustomerByAsync("email", "stop@example.com");
            var conversationId = (await hub.TimelineWithAsync(customer.Id, "stop-1")).Events.Single().ConversationId!;
            await Eventually.GetAsync(
                () => hub.Services.GetRequiredService<OmniSupport.Server.Durable.TaskHubSlaClient>().RuntimeStatusAsync("sla-" + conversationId, CancellationToken.None),
                s => s == "Running", TimeSpan.FromSeconds(120), "the orchestration to run (the task hub worker holds its partition lease)");
            for (var i = 0; i < 5; i++)
            {
                await hub.PostAcceptedAsync(Scenario.Message($"stop-more-{i}", "chat", "hello again", email: $"stop{i}@example.com"));
            }

            await azurite.DisposeAsync(); // storage is gone: leases, messages and retries now fail
            await Task.Delay(TimeSpan.FromSeconds(2)); // the workers meet the outage before the stop

            var stop = hub.DisposeAsync().AsTask();
            var first = await Task.WhenAny(stop, Task.Delay(SafetyDeadline));

            Assert.True(first == stop, $"the Server did not stop within the {SafetyDeadline.TotalSeconds} s safety deadline after its storage went away");
            await stop;
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
