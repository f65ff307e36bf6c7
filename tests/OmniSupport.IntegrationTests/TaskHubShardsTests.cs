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
