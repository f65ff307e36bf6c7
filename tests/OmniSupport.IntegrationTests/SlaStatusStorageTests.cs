using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Sla;
using OmniSupport.Storage;
using OmniSupport.Storage.Tables;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// The SLA status row on Azurite: the signal worker and the orchestration's activities write it only over the version
/// they read, and the board reads only the open ones.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SlaStatusStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_status_row_is_saved_only_over_the_version_read_and_a_second_first_row_is_refused()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        var store = hub.Services.GetRequiredService<ISlaStatusStore>();
        var id = "cnv_" + Guid.NewGuid().ToString("N");

        await store.SaveAsync(new SlaStatus { ConversationId = id, CustomerId = "cus_1", State = SlaStates.Waiting }, CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.SaveAsync(new SlaStatus { ConversationId = id, CustomerId = "cus_1", State = SlaStates.Answered }, CancellationToken.None));

        var reply = (await store.GetAsync(id, CancellationToken.None))!;
        var step = (await store.GetAsync(id, CancellationToken.None))!;
        reply.State = SlaStates.Answered;
        await store.SaveAsync(reply, CancellationToken.None);
        step.StepsDone.Add(new SlaStepRecord(0, "follow-up", DateTimeOffset.UnixEpoch, "sent"));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(step, CancellationToken.None));

        var stored = (await store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(SlaStates.Answered, stored.State);
        Assert.Empty(stored.StepsDone);
        Assert.NotNull(stored.Version);
    }

    [Fact]
    public async Task A_resolved_status_leaves_the_board_and_is_still_read_by_its_conversation()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        var store = hub.Services.GetRequiredService<ISlaStatusStore>();
        var (open, done) = ("cnv_" + Guid.NewGuid().ToString("N"), "cnv_" + Guid.NewGuid().ToString("N"));
        await store.SaveAsync(new SlaStatus { ConversationId = open, CustomerId = "cus_1" }, CancellationToken.None);
        await store.SaveAsync(new SlaStatus { ConversationId = done, CustomerId = "cus_2" }, CancellationToken.None);

        var resolving = (await store.GetAsync(done, CancellationToken.None))!;
        var stale = (await store.GetAsync(done, CancellationToken.None))!;
        resolving.State = SlaStates.Resolved;
        await store.SaveAsync(resolving, CancellationToken.None);

        Assert.Equal([open], (await store.ListOpenAsync(CancellationToken.None)).Select(s => s.ConversationId));
        var read = (await store.GetAsync(done, CancellationToken.None))!;
        Assert.Equal(SlaStates.Resolved, read.State);
        stale.StepsDone.Add(new SlaStepRecord(0, "follow-up", DateTimeOffset.UnixEpoch, "sent"));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(stale, CancellationToken.None)); // the open row it read is gone

        read.StepsDone.Add(new SlaStepRecord(0, "follow-up", DateTimeOffset.UnixEpoch, "sent")); // a step that ran as it was resolved
        await store.SaveAsync(read, CancellationToken.None);
        Assert.Single((await store.GetAsync(done, CancellationToken.None))!.StepsDone);
    }

    [Fact]
    public async Task A_move_cut_short_after_its_first_write_reads_as_the_open_row_and_completes_when_saved_again()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        var store = hub.Services.GetRequiredService<ISlaStatusStore>();
        var id = "cnv_" + Guid.NewGuid().ToString("N");
        await store.SaveAsync(new SlaStatus { ConversationId = id, CustomerId = "cus_1" }, CancellationToken.None);
        await Table(hub).UpsertEntityAsync(Row(id, "status", SlaStates.Resolved)); // the resolved row written, the open one not yet deleted

        var status = (await store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(SlaStates.Waiting, status.State);
        status.State = SlaStates.Resolved;
        await store.SaveAsync(status, CancellationToken.None);

        Assert.DoesNotContain(await store.ListOpenAsync(CancellationToken.None), s => s.ConversationId == id);
        Assert.Equal(SlaStates.Resolved, (await store.GetAsync(id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Open_rows_an_older_version_left_at_the_resolved_place_join_the_board_once_per_deployment()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        var table = Table(hub);
        var (legacyOpen, legacyResolved) = ("cnv_" + Guid.NewGuid().ToString("N"), "cnv_" + Guid.NewGuid().ToString("N"));
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(Row(legacyOpen, "status", SlaStates.Waiting));
        await table.AddEntityAsync(Row(legacyResolved, "status", SlaStates.Resolved));

        var store = hub.Services.GetRequiredService<ISlaStatusStore>();
        Assert.Equal([legacyOpen], (await store.ListOpenAsync(CancellationToken.None)).Select(s => s.ConversationId));
        Assert.Equal(SlaStates.Waiting, (await store.GetAsync(legacyOpen, CancellationToken.None))!.State);
        Assert.Equal(SlaStates.Resolved, (await store.GetAsync(legacyResolved, CancellationToken.None))!.State);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(legacyOpen, "status")).HasValue); // moved, not copied

        // The next process finds the marker and does not scan again: a row left at the old place now stays there.
        var late = "cnv_" + Guid.NewGuid().ToString("N");
        await table.AddEntityAsync(Row(late, "status", SlaStates.Waiting));
        var next = new TableSlaStatusStore(hub.Services.GetRequiredService<StorageClients>());
        Assert.DoesNotContain(await next.ListOpenAsync(CancellationToken.None), s => s.ConversationId == late);
    }

    private static TableClient Table(HubFactory hub)
    {
        var clients = hub.Services.GetRequiredService<StorageClients>();
        return clients.Table(clients.Names.SlaStatus);
    }

    private static TableEntity Row(string conversationId, string rowKey, string state) => new(conversationId, rowKey)
    {
        ["State"] = state,
        ["Data"] = System.Text.Json.JsonSerializer.Serialize(
            new SlaStatus { ConversationId = conversationId, CustomerId = "cus_legacy", State = state }, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
    };
}
