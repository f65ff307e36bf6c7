using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniSupport.Server.Durable;
using OmniSupport.Server.Runtime;
using OmniSupport.Server.Workers;
using OmniSupport.TestUtilities;

namespace OmniSupport.Functions.Tests;

/// <summary>The Server runs with the queue and Durable settings of the host.json the Functions app ships, not defaults of its own.</summary>
public sealed class HostJsonSettingsTests
{
    private static readonly JsonNode RepoHostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!;

    private static JsonNode Queues => RepoHostJson["extensions"]!["queues"]!;

    private static JsonNode DurableTask => RepoHostJson["extensions"]!["durableTask"]!;

    private static TimeSpan Time(JsonNode? node) => TimeSpan.Parse((string)node!, CultureInfo.InvariantCulture);

    private static WebApplicationFactory<Program> Server(Dictionary<string, string>? settings = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:ConnectionString", AzuriteFixture.UnreachableConnectionString());
            b.UseSetting("Logging:LogLevel:Default", "None");
            b.UseSetting("Durable:Enabled", "false");
            foreach (var (key, value) in settings ?? [])
            {
                b.UseSetting(key, value);
            }
        });

    [Fact]
    public void The_servers_effective_queue_settings_are_host_jsons()
    {
        using var server = Server();
        var o = server.Services.GetRequiredService<IOptions<QueueWorkerOptions>>().Value;

        Assert.Equal((int)Queues["batchSize"]!, o.BatchSize);
        Assert.Equal((int)Queues["newBatchThreshold"]!, o.NewBatchThreshold);
        Assert.Equal((int)Queues["maxDequeueCount"]!, o.MaxDequeueCount);
        Assert.Equal(Time(Queues["visibilityTimeout"]), o.RetryDelay);
        Assert.Equal(Time(Queues["maxPollingInterval"]), o.MaxPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), o.RetryDelay); // not the 300 s the Server used to wait
    }

    [Fact]
    public void The_servers_effective_durable_settings_are_host_jsons()
    {
        using var server = Server(new() { ["TASKHUB_NAME"] = "hubfromsetting" });
        var host = server.Services.GetRequiredService<DurableHost>();

        // The backend's own settings object (DurableTask.AzureStorage's types stay out of the tests' compile references).
        var backend = new Backend(typeof(DurableHost).GetMethod(nameof(DurableHost.Settings))!.Invoke(host, [0])!);

        var provider = DurableTask["storageProvider"]!;
        Assert.Equal((int)provider["partitionCount"]!, backend.PartitionCount);
        Assert.Equal(Time(provider["maxQueuePollingInterval"]), backend.MaxQueuePollingInterval);
        Assert.Equal((int)provider["controlQueueBatchSize"]!, backend.ControlQueueBatchSize);
        Assert.Equal((int)provider["controlQueueBufferThreshold"]!, backend.ControlQueueBufferThreshold);
        Assert.Equal((int)DurableTask["maxConcurrentOrchestratorFunctions"]!, backend.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.Equal((int)DurableTask["maxConcurrentActivityFunctions"]!, backend.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal((bool)DurableTask["extendedSessionsEnabled"]!, backend.ExtendedSessionsEnabled);
        // hubName is %TASKHUB_NAME%: the same setting names the Functions app's task hub.
        Assert.Equal("%TASKHUB_NAME%", (string?)DurableTask["hubName"]);
        Assert.Equal("hubfromsetting", backend.TaskHubName);
    }

    private sealed class Backend(object settings)
    {
        private T Get<T>(string name) => (T)settings.GetType().GetProperty(name)!.GetValue(settings)!;

        public int PartitionCount => Get<int>(nameof(PartitionCount));
        public TimeSpan MaxQueuePollingInterval => Get<TimeSpan>(nameof(MaxQueuePollingInterval));
        public int ControlQueueBatchSize => Get<int>(nameof(ControlQueueBatchSize));
        public int ControlQueueBufferThreshold => Get<int>(nameof(ControlQueueBufferThreshold));
        public int MaxConcurrentTaskOrchestrationWorkItems => Get<int>(nameof(MaxConcurrentTaskOrchestrationWorkItems));
        public int MaxConcurrentTaskActivityWorkItems => Get<int>(nameof(MaxConcurrentTaskActivityWorkItems));
        public bool ExtendedSessionsEnabled => Get<bool>(nameof(ExtendedSessionsEnabled));
        public string TaskHubName => Get<string>(nameof(TaskHubName));
    }

    [Fact]
    public void A_worker_or_durable_setting_overrides_host_json_only_when_given()
    {
        using var server = Server(new() { ["Worker:VisibilityTimeoutSeconds"] = "1", ["Durable:PartitionCount"] = "2" });

        var worker = server.Services.GetRequiredService<IOptions<QueueWorkerOptions>>().Value;
        var durable = server.Services.GetRequiredService<IOptions<DurableOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(1), worker.RetryDelay);
        Assert.Equal((int)Queues["batchSize"]!, worker.BatchSize);
        Assert.Equal(2, durable.PartitionCount);
        Assert.Equal((int)DurableTask["maxConcurrentActivityFunctions"]!, durable.MaxConcurrentActivities);
    }

    [Fact]
    public void A_host_json_that_leaves_a_setting_to_the_runtime_default_is_refused_by_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        var copy = JsonNode.Parse(RepoHostJson.ToJsonString())!;
        copy["extensions"]!["queues"]!.AsObject().Remove("newBatchThreshold");
        File.WriteAllText(path, copy.ToJsonString());
        try
        {
            var e = Assert.Throws<HostJsonException>(() => HostJson.Load(path, new ConfigurationBuilder().Build()));
            Assert.Contains("extensions.queues.newBatchThreshold", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Host_json_is_copied_beside_the_server()
    {
        var beside = Path.Combine(Path.GetDirectoryName(typeof(HostJson).Assembly.Location)!, HostJson.FileName);

        Assert.True(File.Exists(beside), $"{beside} is missing");
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")), File.ReadAllText(beside));
    }
}
