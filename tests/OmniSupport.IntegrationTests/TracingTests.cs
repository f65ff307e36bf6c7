using System.Collections.Concurrent;
using System.Diagnostics;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class TracingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task One_trace_runs_from_the_webhook_through_the_queue_hop_to_the_timeline_append()
    {
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "OmniSupport" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var hub = new HubFactory(azurite.ConnectionString);

        await hub.PostAcceptedAsync(Scenario.Message("trace-1", "chat", "Trace me", email: "trace@example.com"));
        var customer = await hub.CustomerByAsync("email", "trace@example.com");
        await hub.TimelineWithAsync(customer.Id, "trace-1");

        var processed = await Eventually.GetAsync(
            () => Task.FromResult(activities.FirstOrDefault(a => a.OperationName == "process inbound message"
                && (string?)a.GetTagItem("omnisupport.provider_message_id") == "trace-1")));
        var webhook = activities.Single(a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn"
            && a.TraceId == processed.TraceId);
        Assert.Equal("processed", processed.GetTagItem("omnisupport.outcome"));
        Assert.Equal(customer.Id, processed.GetTagItem("omnisupport.customer_id"));
        Assert.Contains(activities, a => a.OperationName == "inbound queue message" && a.TraceId == webhook.TraceId);
    }
}
