using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Storage;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// What a message costs in storage requests, counted where they leave the hub (bench/Cost measures the
/// same per kind, with the Durable task hubs; this pins the cheapest and most common kind).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageTransactionsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly StorageRequestCounter _counter = new();
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync()
    {
        _hub.TestServices = services => services.AddSingleton<HttpPipelinePolicy>(_counter);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_second_message_on_the_same_channel_costs_seven_table_requests_and_the_inbound_queues_put_and_delete_and_nothing_of_the_SLA()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("cost-1", "sms", "My parcel is late", phone: "+14155550142"));
        var customer = await _hub.CustomerByAsync("phone", "+14155550142");
        await _hub.TimelineWithAsync(customer.Id, "cost-1");
        var names = _hub.Services.GetRequiredService<StorageClients>().Names;
        await WorkerDeletedAsync(names, because: "the first message to be done"); // the worker's last request for a message
        _counter.Clear();

        await _hub.PostAcceptedAsync(Scenario.Message("cost-2", "sms", "Any news?", phone: "+14155550142"));
        await WorkerDeletedAsync(names, because: "the second message to be done");
        var counted = _counter.Requests; // before the API is read: its reads are audited, and counted too
        await _hub.TimelineWithAsync(customer.Id, "cost-1", "cost-2");

        // Polling (GET on a queue's messages) is shared by every message and idle time; the subscription list
        // of events out is read at most once per ten seconds. Neither is this message's.
        var mine = counted
            .Where(r => !(r.Method == "GET" && r.Target.StartsWith("/messages", StringComparison.Ordinal)))
            .Where(r => r.Resource != names.Subscriptions)
            .Select(r => r.ToString().Replace(names.Inbox, "Inbox", StringComparison.Ordinal))
            .ToList();
        var tables = mine.Where(r => !r.Contains("/messages", StringComparison.Ordinal)).ToList();

        Assert.True(tables.Count == 7, "table requests: " + string.Join(", ", tables));
        Assert.Equal(2, tables.Count(r => r.StartsWith("POST $batch", StringComparison.Ordinal))); // the timeline row; the conversation with its journey step
        Assert.Equal(2, mine.Count(r => r.Contains(names.InboundQueue + "/messages", StringComparison.Ordinal))); // the webhook's put, the worker's delete
        Assert.DoesNotContain(mine, r => r.Contains(names.SlaSignalsQueue, StringComparison.Ordinal) || r.Contains(names.SlaStatus, StringComparison.Ordinal));
        Assert.Equal(9, mine.Count);
    }

    [Fact]
    public async Task A_message_that_opens_a_conversation_for_a_new_customer_reads_back_none_of_the_rows_it_wrote_and_looks_up_no_past()
    {
        var names = _hub.Services.GetRequiredService<StorageClients>().Names;
        _counter.Clear();

        await _hub.PostAcceptedAsync(Scenario.Message("open-1", "sms", "Where is my order?", phone: "+14155550143"));
        await WorkerDeletedAsync(names, because: "the message to be done");
        var customer = await _hub.CustomerByAsync("phone", "+14155550143");
        await _hub.TimelineWithAsync(customer.Id, "open-1");

        // The ingest worker's table requests: the profile with its open pointer, and the conversation, are inserted and
        // used as written, and routing and the SLA signal start from them; none is read back. The hub's start-up sweep of
        // expired dedupe records (a query of the whole inbox table) may land in the same moments: it is not the message's.
        var sweep = $"GET {names.Inbox}()";
        var ingest = _counter.Requests
            .TakeWhile(r => !(r.Method == "DELETE" && r.Resource == names.InboundQueue))
            .Where(r => !r.Target.StartsWith("/messages", StringComparison.Ordinal) && r.Resource != names.Subscriptions && r.Resource != names.SlaStatus)
            .Where(r => r.ToString() != sweep)
            .Select(r => r.ToString())
            .ToList();
        Assert.DoesNotContain(ingest, r => r.StartsWith("GET " + names.Customers, StringComparison.Ordinal) || r.StartsWith("GET " + names.Conversations, StringComparison.Ordinal));
        Assert.DoesNotContain(ingest, r => r.StartsWith("GET " + names.Journeys, StringComparison.Ordinal)); // a first contact has no resolution to repeat
        // The inbox's read, the identity's read and insert, the profile with its open pointer (one batch), the conversation,
        // the timeline's batch, the conversation's with its journey step, the inbox's insert.
        Assert.True(ingest.Count == 8, "table requests: " + string.Join(", ", ingest));
        Assert.DoesNotContain(ingest, r => r.StartsWith("POST " + names.Customers, StringComparison.Ordinal));
        Assert.Equal(3, ingest.Count(r => r.StartsWith("POST $batch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_sms_reply_reads_no_timeline_and_writes_no_email_thread_index_nor_a_delivery_report_index_for_the_local_outbox()
    {
        var names = _hub.Services.GetRequiredService<StorageClients>().Names;
        await _hub.PostAcceptedAsync(Scenario.Message("reply-1", "sms", "Where is my order?", phone: "+14155550144"));
        var customer = await _hub.CustomerByAsync("phone", "+14155550144");
        var timeline = await _hub.TimelineWithAsync(customer.Id, "reply-1");
        var conversationId = timeline.Events.Single(e => e.ProviderMessageId == "reply-1").ConversationId!;
        _counter.Clear();

        var reply = await _hub.ReplyAsync(conversationId, new { text = "It ships today.", agent = "maria", channel = "sms" });
        await Eventually.GetAsync(
            () => Task.FromResult(_counter.Requests.Any(r => r.Method == "DELETE" && r.Resource == names.OutboundQueue) ? "sent" : null),
            because: "the outbound worker to be done");
        var requests = _counter.Requests.Select(r => r.ToString()).ToList(); // before the timeline is read through the API
        await _hub.OutboundEventAsync(reply, "sent");

        Assert.DoesNotContain(requests, r => r.StartsWith("GET " + names.Timeline + "()", StringComparison.Ordinal)); // no look-back for the answered message
        Assert.DoesNotContain(requests, r => r.Contains(names.MessageIndex, StringComparison.Ordinal)); // only email threads by message id
        Assert.DoesNotContain(requests, r => r.Contains(names.OutboundLedger + "(PartitionKey='pm:", StringComparison.Ordinal)); // no report names the outbox
        Assert.Contains(requests, r => r.StartsWith("PUT " + names.OutboundLedger, StringComparison.Ordinal)); // the outcome is still recorded
    }

    private Task<string> WorkerDeletedAsync(StorageNames names, string because) => Eventually.GetAsync(
        () => Task.FromResult(_counter.Requests.Any(r => r.Method == "DELETE" && r.Resource == names.InboundQueue) ? "deleted" : null),
        because: because);
}
