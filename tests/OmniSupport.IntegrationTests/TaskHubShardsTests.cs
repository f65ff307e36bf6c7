using Microsoft.Extensions.Options;
using OmniSupport.Storage;
using OmniSupport.TestUtilities;
using OmniSupport.Server.Durable;

namespace OmniSupport.IntegrationTests;

/// <summary>How the Server picks the task hub of a conversation's SLA orchestration.</summary>
public sealed class TaskHubShardsTests
{
    [Fact]
    public void The_same_instance_id_always_picks_the_same_hub()
    {
        // Fixed values: a change of the hash would strand every open orchestration in a hub no signal reaches.
        Assert.Equal(0, TaskHubShards.IndexOf("sla-anything", 1));
        Assert.Equal(TaskHubShards.IndexOf("sla-cnv_01HZX", 4), TaskHubShards.IndexOf("sla-cnv_01HZX", 4));
        Assert.Equal([3, 2, 1, 0], new[] { "sla-a", "sla-b", "sla-c", "sla-d" }.Select(id => TaskHubShards.IndexOf(id, 4)));
    }

    [Fact]
    public void Ids_spread_evenly_over_the_hubs()
    {
        var counts = Enumerable.Range(0, 10_000).GroupBy(i => TaskHubShards.IndexOf($"sla-cnv{i:D6}", 4)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 2_300, 2_700));
    }

    [Fact]
    public void The_first_hub_keeps_the_configured_name_and_the_others_number_it()
    {
        Assert.Equal("omnisupport", TaskHubShards.Name("omnisupport", 0));
        Assert.Equal("omnisupport3", TaskHubShards.Name("omnisupport", 3));
    }
}

/// <summary>The task hub count is fixed once the task hubs exist.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskHubLayoutTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_changed_task_hub_count_is_refused_with_what_to_do()
    {
        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = AzuriteFixture.NewPrefix() }));
        var layout = new TaskHubLayout(storage);

        await layout.EnsureAsync("omnisupport", 4, CancellationToken.None);
        await layout.EnsureAsync("omnisupport", 4, CancellationToken.None); // a restart with the same count
        await layout.EnsureAsync("otherhub", 2, CancellationToken.None);   // another task hub name keeps its own

        var changed = await Assert.ThrowsAsync<TaskHubLayoutException>(() => layout.EnsureAsync("omnisupport", 8, CancellationToken.None));
        Assert.Contains("is 8 but the task hubs of 'omnisupport' were created with 4", changed.Message, StringComparison.Ordinal);
        Assert.Contains("Set it back to 4", changed.Message, StringComparison.Ordinal);
    }
}
