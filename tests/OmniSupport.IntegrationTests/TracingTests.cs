using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task An_outgoing_http_call_is_traced_with_its_query_values_redacted()
    {
        using var provider = WireMock.Server.WireMockServer.Start();
        provider.Given(WireMock.RequestBuilders.Request.Create().UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200));
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var hub = new HubFactory(azurite.ConnectionString);
        hub.CreateClient(); // starts the host, and with it the tracer provider

        var http = hub.Services.GetRequiredService<IHttpClientFactory>().CreateClient("tracing-test");
        using var response = await http.GetAsync(provider.Urls[0] + "/v1/lookup?phone=%2B14155550100&token=s3cret");

        var call = Assert.Single(activities, a => (a.GetTagItem("url.full") as string)?.StartsWith(provider.Urls[0], StringComparison.Ordinal) == true);
        Assert.Equal(provider.Urls[0] + "/v1/lookup?phone=***&token=***", call.GetTagItem("url.full"));
    }
}
