using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OmniSupport.Server.Runtime;
using OmniSupport.Server.Workers;
using OmniSupport.Storage;
using OmniSupport.TestUtilities;

namespace OmniSupport.Functions.Tests;

/// <summary>
/// The Server's queue workers on a real Azurite: the processing lease keeps a message from a second worker however
/// long it is in work, and a failed message comes back after host.json's visibility timeout, not when a lease runs out.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueueLeaseTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Queue = "lease-test";
    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private readonly List<string> _files = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _files.ForEach(File.Delete);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_failing_message_is_retried_after_host_jsons_visibility_timeout_not_after_its_lease()
    {
        // host.json as shipped, but with a 2 s visibility timeout so the test does not wait 30 s; the lease stays its default minute.
        var services = Services(HostJsonWith(visibilityTimeout: "00:00:02"));
        var options = services.GetRequiredService<IOptions<QueueWorkerOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(2), options.RetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Lease);

        var tries = new ConcurrentQueue<int>();
        var worker = Worker(services, (text, _) => tries.Count == 0 ? Fail(tries) : Succeed(tries));
        var queue = await CreateQueueAsync(services);
        await queue.SendMessageAsync("fails once");

        await worker.StartAsync(default);
        try
        {
            await Eventually.GetAsync(() => Task.FromResult<object?>(tries.Count >= 2 ? tries : null), TimeSpan.FromSeconds(30),
                "the second try (it would come only after the 10-minute lease if the failure did not release the message)");
        }
        finally
        {
            await worker.StopAsync(default);
        }

        Assert.Equal(2, tries.Count);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task A_message_in_work_longer_than_its_lease_is_not_handed_to_a_second_worker()
    {
        var services = Services(HostJsonWith(visibilityTimeout: "00:00:30"), new() { ["Worker:LeaseSeconds"] = "6" });
        var handled = new ConcurrentQueue<string>();
        async Task Slow(string text, CancellationToken ct)
        {
            handled.Enqueue(text);
            // Two leases long, and ending as the sixth renewal (one each 2 s) goes out: the job done while a renewal
            // is in flight is the case that once lost the renewal's pop receipt, failed the delete and handed the
            // message out twice. Storage takes a visibility timeout in whole seconds.
            await Task.Delay(TimeSpan.FromSeconds(12), ct);
        }

        var first = Worker(services, Slow);
        var second = Worker(services, Slow);
        var queue = await CreateQueueAsync(services);
        await queue.SendMessageAsync("long job");

        await first.StartAsync(default);
        await second.StartAsync(default);
        try
        {
            await Eventually.GetAsync(async () => handled.Count >= 1 && (await queue.PeekMessagesAsync(1)).Value.Length == 0 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 ? handled : null,
                TimeSpan.FromSeconds(40), "the job done and deleted");
        }
        finally
        {
            await first.StopAsync(default);
            await second.StopAsync(default);
        }

        Assert.Single(handled);
    }

    [Fact]
    public async Task A_message_in_work_when_its_worker_stops_is_handed_back_at_once_not_after_its_lease()
    {
        var services = Services(HostJsonWith(visibilityTimeout: "00:00:30")); // the lease stays 10 minutes
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = Worker(services, async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // in work until the host stops
        });
        var taken = new ConcurrentQueue<string>();
        var next = Worker(services, (text, _) =>
        {
            taken.Enqueue(text);
            return Task.CompletedTask;
        });
        var queue = await CreateQueueAsync(services);
        await queue.SendMessageAsync("in work at the stop");

        await stopping.StartAsync(default);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.StopAsync(default);
        await next.StartAsync(default);
        try
        {
            await Eventually.GetAsync(() => Task.FromResult<object?>(taken.IsEmpty ? null : taken), TimeSpan.FromSeconds(30),
                "the next worker to get the message (a 10-minute lease would keep it away)");
        }
        finally
        {
            await next.StopAsync(default);
        }

        Assert.Equal(["in work at the stop"], taken);
    }

    private static Task Fail(ConcurrentQueue<int> tries)
    {
        tries.Enqueue(tries.Count + 1);
        throw new InvalidOperationException("first try fails");
    }

    private static Task Succeed(ConcurrentQueue<int> tries)
    {
        tries.Enqueue(tries.Count + 1);
        return Task.CompletedTask;
    }

    private string HostJsonWith(string visibilityTimeout)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!;
        json["extensions"]!["queues"]!["visibilityTimeout"] = visibilityTimeout;
        json["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:00.200";
        var path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        _files.Add(path);
        return path;
    }

    private ServiceProvider Services(string hostJsonPath, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = _prefix,
            [HostJson.PathSetting] = hostJsonPath,
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddOmniSupportStorage(configuration)
            .AddHostJsonRuntimeSettings(configuration)
            .BuildServiceProvider();
    }

    private async Task<Azure.Storage.Queues.QueueClient> CreateQueueAsync(ServiceProvider services)
    {
        var queue = services.GetRequiredService<StorageClients>().Queue(_prefix + Queue);
        await queue.CreateIfNotExistsAsync();
        await services.GetRequiredService<StorageClients>().Queue(_prefix + Queue + StorageNames.PoisonSuffix).CreateIfNotExistsAsync();
        return queue;
    }

    private static TestQueueWorker Worker(ServiceProvider services, Func<string, CancellationToken, Task> handle) => new(
        services.GetRequiredService<StorageClients>(),
        services.GetRequiredService<IOptions<StorageOptions>>(),
        services.GetRequiredService<IOptions<QueueWorkerOptions>>(),
        handle);

    private sealed class TestQueueWorker(
        StorageClients storage,
        IOptions<StorageOptions> storageOptions,
        IOptions<QueueWorkerOptions> options,
        Func<string, CancellationToken, Task> handle) : QueueWorker(storage, storageOptions, options, NullLogger.Instance)
    {
        public override string QueueName => Queue;

        protected override Task HandleAsync(string messageText, CancellationToken ct) => handle(messageText, ct);
    }
}
