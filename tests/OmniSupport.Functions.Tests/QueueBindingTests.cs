using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using OmniSupport.Storage;
using OmniSupport.TestUtilities;

namespace OmniSupport.Functions.Tests;

/// <summary>Storage:Prefix reaches the Functions queue triggers through binding expressions (%HUB_*_QUEUE% app settings).</summary>
public sealed class QueueBindingTests
{
    [Fact]
    public void Every_queue_trigger_names_its_queue_by_a_binding_expression()
    {
        var expressions = HostSurface.FunctionsQueueExpressions();

        Assert.NotEmpty(expressions);
        Assert.All(expressions, e => Assert.Matches("^%HUB_[A-Z_]+_QUEUE%$", e));
    }

    [Fact]
    public void A_prefixed_deployments_queue_triggers_listen_on_the_prefixed_queues()
    {
        const string prefix = "tenant7";
        var names = new StorageNames(prefix);
        var (_, serverQueues) = HostSurface.Server();

        var listenedOn = HostSurface.FunctionsQueues(names.BindingSettings);

        // The same queues the Server's workers poll with that prefix, and the hub's writers use.
        Assert.Equal(new SortedSet<string>(serverQueues.Select(q => prefix + q), StringComparer.Ordinal), listenedOn);
        Assert.Contains(names.InboundQueue, listenedOn);
        Assert.Contains(names.SlaSignalsQueue, listenedOn);
        Assert.All(listenedOn, q => Assert.StartsWith(prefix, q, StringComparison.Ordinal));
    }

    [Fact]
    public void The_functions_app_refuses_a_queue_setting_that_disagrees_with_the_prefix()
    {
        var settings = new Dictionary<string, string?>(new StorageNames("tenant7").BindingSettings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))
        {
            [StorageNames.Bindings.InboundQueueSetting] = "inbound", // left unprefixed
        };
        settings.Remove(StorageNames.Bindings.RemindersQueueSetting);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var problems = QueueBindingSettings.Problems(configuration, "tenant7").ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("HUB_INBOUND_QUEUE is 'inbound'", StringComparison.Ordinal) && p.Contains("tenant7inbound", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HUB_REMINDERS_QUEUE is not set", StringComparison.Ordinal));
        Assert.Empty(QueueBindingSettings.Problems(
            new ConfigurationBuilder().AddInMemoryCollection(new StorageNames("tenant7").BindingSettings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)).Build(),
            "tenant7"));
    }

    [Fact]
    public void The_local_settings_sample_holds_the_unprefixed_queue_settings()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")))!["Values"]!.AsObject();
        var prefix = (string?)values["Storage__Prefix"] ?? "";

        foreach (var (setting, queue) in new StorageNames(prefix).BindingSettings)
        {
            Assert.Equal(queue, (string?)values[setting]);
        }
    }
}
