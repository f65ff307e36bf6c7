using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Sla;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>The SLA status row on Azurite: the signal worker and the orchestration's activities write it only over the version they read.</summary>
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
}
