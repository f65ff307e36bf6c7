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
        await Eventually.GetAsync(async () => (await blobs.GetBlobsAsync().ToListAsync()).Count == 0 ? "deleted" : null,
            because: "the claim-checked payload to be deleted once its message was processed");
    }

    [Fact]
    public async Task A_claim_checked_payload_is_deleted_once_processed_and_a_redelivery_of_its_message_changes_nothing()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        hub.CreateClient();
        var codec = hub.Services.GetRequiredService<OmniSupport.Storage.Queues.QueueEnvelopeCodec>();
        var process = hub.Services.GetRequiredService<ProcessInboundEnvelope>();
        var text = string.Concat(Enumerable.Repeat("A long message. ", 5000)); // ~80 KB: over the queue's limit
        var envelope = new InboundEnvelope
        {
            Id = "env_claim_1",
            Provider = "generic",
            ReceivedAt = DateTimeOffset.UtcNow,
            Messages =
            [
                new InboundMessage
                {
                    Source = "test", ProviderMessageId = "claim-1", Channel = "email", SentAt = DateTimeOffset.UtcNow,
                    From = [new SenderIdentity("email", "claim@example.com")], Text = text,
                },
            ],
        };
        var queueText = await codec.EncodeAsync(envelope, default);
        var blobs = new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, hub.Prefix + "payloads");
        Assert.Single(await blobs.GetBlobsAsync().ToListAsync());

        await process.HandleAsync(queueText, default);
        await process.HandleAsync(queueText, default); // the queue message redelivered after the payload went

        Assert.Empty(await blobs.GetBlobsAsync().ToListAsync());
        var customer = await hub.CustomerByAsync("email", "claim@example.com");
        Assert.Single((await hub.TimelineAsync(customer.Id)).Events, e => e.ProviderMessageId == "claim-1");
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

[Collection(AzuriteCollection.Name)]
public sealed class CustomerStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_first_contact_is_written_with_its_open_pointer_once_and_a_second_try_finds_both_as_the_first_wrote_them()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        await hub.Services.GetRequiredService<OmniSupport.Storage.StorageInitializer>().EnsureCreatedAsync(default);
        var store = hub.Services.GetRequiredService<OmniSupport.Core.Abstractions.ICustomerStore>();
        var conversations = hub.Services.GetRequiredService<OmniSupport.Core.Abstractions.IConversationStore>();
        OmniSupport.Core.Customers.Customer New() => new() { Id = "cus_first", CreatedAt = DateTimeOffset.UtcNow, DisplayName = "Ana" };

        var first = New();
        Assert.True(await store.CreateWithOpenConversationAsync(first, "cnv_first", default));
        Assert.NotNull(first.Version);
        Assert.Equal("cnv_first", first.OpenConversation?.ConversationId);

        // A redelivery after a crash: neither row is written again, and the read finds the profile with its pointer.
        var again = New();
        again.DisplayName = "someone else";
        Assert.False(await store.CreateWithOpenConversationAsync(again, "cnv_other", default));
        var read = await store.GetAsync("cus_first", default);
        Assert.Equal("Ana", read?.DisplayName);
        Assert.Equal("cnv_first", read?.OpenConversation?.ConversationId);
        Assert.Equal("cnv_first", await conversations.GetOpenIdAsync("cus_first", default));
    }
}
