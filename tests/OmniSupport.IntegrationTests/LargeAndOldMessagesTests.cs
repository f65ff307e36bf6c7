using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Ingest;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class LargeAndOldMessagesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_message_too_big_for_a_queue_message_is_claim_checked_through_a_blob_and_reaches_the_timeline_whole()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        var longEmail = string.Concat(Enumerable.Repeat("Line of a long email thread. ", 4000)); // ~116 KB

        await hub.PostAcceptedAsync(Scenario.Message("big-1", "email", longEmail, email: "long@example.com"));
        var customer = await hub.CustomerByAsync("email", "long@example.com");
        var timeline = await hub.TimelineWithAsync(customer.Id, "big-1");

        Assert.Equal(longEmail, Assert.Single(timeline.Events, e => e.ProviderMessageId == "big-1").Text);
        var blobs = new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, hub.Prefix + "payloads");
        Assert.NotEmpty(await blobs.GetBlobsAsync().ToListAsync());
    }

    [Fact]
    public async Task Dedupe_records_past_the_retention_window_are_swept_and_recent_ones_kept()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        await hub.PostAcceptedAsync(Scenario.Message("recent-1", "chat", "recent", email: "sweep@example.com"));
        var customer = await hub.CustomerByAsync("email", "sweep@example.com");
        await hub.TimelineWithAsync(customer.Id, "recent-1");
        var inbox = new TableClient(azurite.ConnectionString, hub.Prefix + "Inbox");
        await inbox.AddEntityAsync(new TableEntity("generic:test:old-1", "seen") { ["ProcessedAt"] = DateTimeOffset.UtcNow.AddDays(-9) });

        var swept = await hub.Services.GetRequiredService<SweepInbox>().SweepAsync(default);

        Assert.Equal(1, swept);
        var left = await inbox.QueryAsync<TableEntity>().Select(e => e.PartitionKey).ToListAsync();
        Assert.Equal(["generic:test:recent-1"], left);
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class TimelineStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Two_appends_of_one_event_with_different_times_make_one_timeline_row()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        var store = hub.Services.GetRequiredService<OmniSupport.Core.Abstractions.ITimelineStore>();
        await hub.Services.GetRequiredService<OmniSupport.Storage.StorageInitializer>().EnsureCreatedAsync(default);
        OmniSupport.Core.Timeline.TimelineEvent At(DateTimeOffset when) => new()
        {
            Id = "evt_same", CustomerId = "cus_same", Channel = "sms", Direction = "inbound", OccurredAt = when, Text = "no provider timestamp",
        };

        await Task.WhenAll(store.AppendAsync(At(DateTimeOffset.UtcNow), default), store.AppendAsync(At(DateTimeOffset.UtcNow.AddSeconds(3)), default));
        await store.AppendAsync(At(DateTimeOffset.UtcNow.AddSeconds(9)), default);

        var page = await store.ReadAsync(["cus_same"], 10, null, default);
        Assert.Equal("evt_same", Assert.Single(page.Events).Id);
    }
}
