using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OmniSupport.Orchestrations;
using OmniSupport.Orchestrations.Activities;
using OmniSupport.Orchestrations.Policies;
using OmniSupport.Server.Durable;
using BenchKit;

// SLA timers at scale: N open conversations, each an SlaOrchestrator (the production class) waiting on
// its first-response timer; --firing of them come due inside a window, the others later. When a timer
// fires the orchestrator records the breach and runs one notify-supervisor step. Activities are
// stand-ins that record when they ran (no table or HTTP I/O), so the figures measure the Durable backend
// and the orchestration's shape. Options and configurations: bench/README.md.
var count = Arg("--count", 1000);
var firing = Math.Min(count, Arg("--firing", count));
var dueSeconds = Arg("--due", 60);
var configs = ArgText("--configs", "default,server,tuned").Split(',');
var connections = ArgText("--connection", "").Split('|', StringSplitOptions.RemoveEmptyEntries);
var timeoutMinutes = Arg("--timeout-minutes", 30);
var spreadSeconds = Arg("--spread", 0);
var startTimeoutMinutes = Arg("--start-timeout-minutes", 15);
var shards = Math.Max(1, Arg("--shards", connections.Length == 0 ? 4 : connections.Length));

// --settle: open the conversations that stay open first, wait until every one has run its first episode
// (no instance left Pending), then open the ones that come due, the window measured from then: the
// firing window then never shares the task hubs with the start's backlog.
var settle = args.Contains("--settle");

// --durable-log: the Durable Task Framework's warnings and errors (lost partition leases, abandoned work items)
// on standard output, one JSON line each with its time (the log state does not name the task hub; the lateness by
// task hub printed after each run does).
if (args.Contains("--durable-log"))
{
    DurableLog.Factory = LoggerFactory.Create(b => b
        .AddFilter("DurableTask", LogLevel.Warning).AddFilter((category, _) => category?.StartsWith("DurableTask", StringComparison.Ordinal) == true)
        .AddJsonConsole(o => { o.TimestampFormat = "HH:mm:ss.fff "; o.JsonWriterOptions = new() { Indented = false }; }));
}

// One storage per shard: the given connection strings, or one in-memory Azurite each.
var onDisk = args.Contains("--on-disk"); // as the run script keeps them (data in files) instead of in memory
var azurites = connections.Length == 0 ? Enumerable.Range(0, shards).Select(k => Azurite.Start(onDisk, $"hub{k}")).ToList() : [];
if (connections.Length == 0)
{
    connections = azurites.Select(a => a.ConnectionString).ToArray();
}

if (connections.Length < shards)
{
    Console.Error.WriteLine($"--shards {shards} needs {shards} connection strings (separated by |), got {connections.Length}");
    return;
}

Console.WriteLine($"SLA timer benchmark: {count} open conversations, {firing} of them due {dueSeconds}-{dueSeconds + spreadSeconds}s after {(settle ? "the others settled" : "the first start")}, " +
    $"{shards} task hub(s) on {(azurites.Count == 0 ? "given storage" : $"{shards} {(onDisk ? "on-disk" : "in-memory")} Azurite(s)")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var results = new List<Result>();
try
{
    foreach (var config in configs)
    {
        // "default" and "tuned-1hub" run one task hub on the first storage, "tuned-shared" --shards task hubs on
        // the first storage, "tuned" and "run-script" --shards task hubs on a storage each.
        var name = config.Trim();
        var hubs = name switch
        {
            "tuned" or "run-script" => connections[..shards],
            "tuned-shared" => Enumerable.Repeat(connections[0], shards).ToArray(),
            _ => connections[..1],
        };
        var run = new Run(name, count, firing, TimeSpan.FromSeconds(dueSeconds), TimeSpan.FromSeconds(spreadSeconds), hubs, azurites, TimeSpan.FromMinutes(timeoutMinutes), TimeSpan.FromMinutes(startTimeoutMinutes), settle);
        results.Add(await run.ExecuteAsync());
    }
}
finally
{
    azurites.ForEach(a => a.Dispose());
}

Console.WriteLine();
Console.WriteLine("| settings | task hubs | open | start (s) | starts/s | settled (s) | bench RSS (MB) | Azurite RSS (MB) | fired | lateness p50 (s) | p99 (s) | max (s) | escalations/s |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Config} | {r.Hubs} | {r.Count} | {r.StartSeconds:F1} | {r.Count / r.StartSeconds:F0} | {r.SettledSeconds:F0} | {r.BenchRssMb:F0} | {r.AzuriteRssMb:F0} | {r.Escalated} of {r.Expected} | {r.P50:F2} | {r.P99:F2} | {r.Max:F2} | {r.PerSecond:F1} |"));
}

return;

int Arg(string name, int fallback) => int.TryParse(ArgText(name, ""), CultureInfo.InvariantCulture, out var v) ? v : fallback;

string ArgText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

/// <summary>One configuration: fresh task hubs (one per shard), the conversations started, the timers awaited.</summary>
internal sealed class Run(string config, int count, int firing, TimeSpan due, TimeSpan spread, string[] connections, List<Azurite> azurites, TimeSpan timeout, TimeSpan startTimeout, bool settle)
{
    public async Task<Result> ExecuteAsync()
    {
        var stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var recorder = new Recorder(firing);
        var hubs = new List<(AzureStorageOrchestrationService Service, TaskHubWorker Worker, TaskHubClient Client)>();
        var instanceTables = new List<Azure.Data.Tables.TableClient>();
        for (var k = 0; k < connections.Length; k++)
        {
            var settings = Settings(connections[k], "bench" + config.Replace("-", "", StringComparison.Ordinal) + stamp + "s" + k);
            if (k == 0)
            {
                Console.WriteLine($"[{config}] partitions {settings.PartitionCount}, polling ≤ {settings.MaxQueuePollingInterval.TotalSeconds}s, " +
                    $"orchestrations {settings.MaxConcurrentTaskOrchestrationWorkItems}, activities {settings.MaxConcurrentTaskActivityWorkItems}, " +
                    $"extended sessions {settings.ExtendedSessionsEnabled}, cycles per execution {Cycles}, task hubs {connections.Length}");
            }

            instanceTables.Add(new Azure.Data.Tables.TableClient(connections[k], settings.TaskHubName + "Instances"));
            var service = new AzureStorageOrchestrationService(settings);
            await service.CreateIfNotExistsAsync();
            var worker = new TaskHubWorker(service, DurableLog.Factory);
            Register(worker, recorder);
            await worker.StartAsync();
            hubs.Add((service, worker, new TaskHubClient(service)));
        }

        // Every (count / firing)-th conversation comes due inside the window [due, due + spread] measured from
        // the first start; the others stay open with a timer far beyond the run (open conversations whose SLA
        // is hours away), so the task hubs hold all of them while the window's timers fire.
        var origin = DateTimeOffset.UtcNow;
        var stride = Math.Max(1, count / Math.Max(1, firing));
        bool Fires(int i) => i % stride == 0 && i / stride < firing;
        DateTimeOffset DueAt(int i) => Fires(i)
            ? origin + due + (firing == 1 ? TimeSpan.Zero : spread * (i / stride) / (firing - 1))
            : origin + due + spread + TimeSpan.FromHours(6);

        static string IdOf(int i) => $"cnv{i:D6}";
        var dueByHub = Enumerable.Range(0, count).Where(Fires).GroupBy(i => Placement.HubOf(IdOf(i), hubs.Count)).OrderBy(g => g.Key).Select(g => $"hub {g.Key}: {g.Count()}");
        Console.WriteLine($"[{config}] timers coming due by task hub: {string.Join(", ", dueByHub)}");
        var watch = Stopwatch.StartNew();
        var started = 0;
        using var progress = new Timer(_ => Console.WriteLine($"[{config}] {Volatile.Read(ref started)}/{count} started after {watch.Elapsed.TotalSeconds:F0}s"), null, 15000, 15000);
        using var gate = new SemaphoreSlim(64);
        Task StartAsync(IEnumerable<int> which) => Task.WhenAll(which.Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                if (watch.Elapsed > startTimeout)
                {
                    return; // a configuration that cannot start them all in time: the rest are not opened
                }

                var id = IdOf(i);
                var now = DateTimeOffset.UtcNow;
                var state = new SlaState
                {
                    ConversationId = id,
                    CustomerId = "cus" + i,
                    CyclesPerExecution = Cycles,

                    // The Server's signal worker writes the first status row before starting (1 episode less); the default shape does not.
                    StartRecorded = config != "default",
                    Start = new SlaSignal { Kind = SlaSignalKinds.CustomerMessage, At = now, Channel = "chat", Policy = Policy(DueAt(i) - now) },
                };
                await hubs[Placement.HubOf(id, hubs.Count)].Client.CreateOrchestrationInstanceAsync(nameof(SlaOrchestrator), "", SlaOrchestrator.InstanceId(id), state);
                Interlocked.Increment(ref started);
            }
            finally
            {
                gate.Release();
            }
        }));

        // Settled: no instance waits for its first episode (each is waiting on its timer). Until then the
        // control queues still hold the start's backlog, which timers coming due would queue behind.
        var settledSeconds = double.NaN;
        var stopSettling = false;
        async Task<int> PendingAsync()
        {
            var pending = 0;
            foreach (var table in instanceTables)
            {
                await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>("RuntimeStatus eq 'Pending'", select: ["PartitionKey"]))
                {
                    pending++;
                }
            }

            return pending;
        }

        async Task SettleAsync()
        {
            while (!Volatile.Read(ref stopSettling) && await PendingAsync() is var pending and > 0)
            {
                Console.WriteLine($"[{config}] {pending} instances not settled after {watch.Elapsed.TotalSeconds:F0}s");
                await Task.Delay(5000);
            }

            if (!Volatile.Read(ref stopSettling))
            {
                settledSeconds = watch.Elapsed.TotalSeconds; // else: not settled before the run ended
            }
        }

        Task? settling = null;
        if (settle)
        {
            await StartAsync(Enumerable.Range(0, count).Where(i => !Fires(i)));
            await SettleAsync();
            Console.WriteLine($"[{config}] {Volatile.Read(ref started)} settled after {settledSeconds:F1}s; now opening the {firing} that come due");
            origin = DateTimeOffset.UtcNow;
            await StartAsync(Enumerable.Range(0, count).Where(Fires));
        }
        else
        {
            await StartAsync(Enumerable.Range(0, count));
        }

        await progress.DisposeAsync();
        var startSeconds = watch.Elapsed.TotalSeconds;
        var opened = Volatile.Read(ref started);
        var expected = Enumerable.Range(0, opened).Count(Fires);
        Console.WriteLine($"[{config}] started {opened} of {count} in {startSeconds:F1}s" +
            (!settle && startSeconds > due.TotalSeconds ? $" (longer than --due {due.TotalSeconds:F0}s: the first timers came due while starting)" : ""));
        if (!settle)
        {
            // Watched while the window runs: a settle time past --due means the start's backlog spilled into the window.
            settling = SettleAsync();
        }

        var deadline = origin + due + spread + timeout;
        var lastReport = DateTime.UtcNow;
        while (recorder.Count < expected && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(1000);
            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(15))
            {
                Console.WriteLine($"[{config}] {recorder.Count}/{expected} escalated after {watch.Elapsed.TotalSeconds:F0}s");
                lastReport = DateTime.UtcNow;
            }
        }

        var benchRss = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
        var azuriteRss = azurites.Count == 0 ? double.NaN : azurites.Sum(a => a.RssMb());
        foreach (var hub in hubs)
        {
            await hub.Worker.StopAsync(isForced: true);
        }

        Volatile.Write(ref stopSettling, true);
        if (settling is not null)
        {
            await settling;
        }

        var lateness = recorder.Lateness();
        var result = new Result(config, connections.Length, opened, expected, startSeconds, settledSeconds, benchRss, azuriteRss, lateness.Length,
            Percentile(lateness, 0.50), Percentile(lateness, 0.99), lateness.Length == 0 ? double.NaN : lateness[^1], recorder.PerSecond());
        Console.WriteLine($"[{config}] escalated {result.Escalated}/{expected}: lateness p50 {result.P50:F2}s p99 {result.P99:F2}s max {result.Max:F2}s, {result.PerSecond:F1}/s");
        foreach (var line in recorder.LateByHub(hubs.Count, 5, origin))
        {
            Console.WriteLine($"[{config}] {line}");
        }

        foreach (var hub in hubs)
        {
            try
            {
                await hub.Service.DeleteAsync();
            }
            catch (Exception ex)
            {
                Console.WriteLine($"[{config}] task hub not deleted: {ex.GetType().Name}");
            }
        }

        return result;
    }

    // The orchestration's shape: "default" continues as new after every event or timer and records the
    // first status in an activity (the simplest shape); the others handle up to
    // SlaState.DefaultCyclesPerExecution cycles per execution and start with the status already written.
    private int Cycles => config == "default" ? 1 : SlaState.DefaultCyclesPerExecution;

    private static SlaPolicy Policy(TimeSpan firstResponse) => new()
    {
        Name = "bench",
        FirstResponse = firstResponse < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : firstResponse,
        NextResponse = TimeSpan.FromHours(1),
        Escalations = [new EscalationStep { After = TimeSpan.Zero, Action = EscalationActions.NotifySupervisor, Webhook = "https://example.invalid/hook" }],
    };

    private AzureStorageOrchestrationServiceSettings Settings(string connection, string hub)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connection),
            TaskHubName = hub,
            LoggerFactory = DurableLog.Factory,
        };
        if (config == "server")
        {
            // What the Server shipped before tuning (4 partitions, as DurableOptions had).
            settings.PartitionCount = 4;
            settings.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500);
            settings.MaxConcurrentTaskOrchestrationWorkItems = 200;
            settings.MaxConcurrentTaskActivityWorkItems = 100;
            settings.UseAppLease = false;
        }

        if (config.StartsWith("tuned", StringComparison.Ordinal))
        {
            // The tuning measured here (2 partitions, a short idle poll, enough work items in flight to hide storage
            // latency, a bigger prefetch buffer, no extended sessions). The Server shipped it as DurableOptions' defaults
            // until it took its Durable settings from host.json (issue 11); host.json keeps the rest but 4 partitions and a 1 s poll.
            new DurableOptions
            {
                PartitionCount = 2,
                MaxQueuePollingIntervalMilliseconds = 500,
                MaxConcurrentOrchestrations = 200,
                MaxConcurrentActivities = 100,
                ControlQueueBatchSize = 32,
                ControlQueueBufferThreshold = 1024,
            }.ApplyTo(settings);
        }

        if (config == "run-script")
        {
            // What scripts/run.sh starts: host.json's Durable settings, as the Server reads them, with one partition per task hub.
            var shipped = new DurableOptions();
            OmniSupport.Server.Runtime.RuntimeSettings.ApplyDurable(
                OmniSupport.Server.Runtime.HostJson.Load(Path.Combine(Azurite.RepositoryRoot(), "host.json"), new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).Durable, shipped);
            shipped.PartitionCount = 1;
            shipped.ApplyTo(settings);
        }

        if (config == "tuned-p1")
        {
            settings.PartitionCount = 1;
        }

        if (config == "tuned-ext")
        {
            // Extended sessions with a short idle timeout: the episode after an activity completes finds the
            // history in memory instead of reading it back, and an idle session frees its slot quickly.
            settings.ExtendedSessionsEnabled = true;
            settings.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(2);
            settings.MaxConcurrentTaskOrchestrationWorkItems = 500;
        }

        return settings;
    }

    private static void Register(TaskHubWorker worker, Recorder recorder)
    {
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), NullLoggerFactory.Instance);
        var orchestrator = new SlaOrchestrator();
        worker.AddTaskOrchestrations(new ShimCreator<TaskOrchestration>(nameof(SlaOrchestrator), () => shims.CreateOrchestration(new TaskName(nameof(SlaOrchestrator)), orchestrator)));
        worker.AddTaskActivities(
            new ShimCreator<DurableTask.Core.TaskActivity>(nameof(RecordSlaStatus), () => shims.CreateActivity(new TaskName(nameof(RecordSlaStatus)), new RecordStub())),
            new ShimCreator<DurableTask.Core.TaskActivity>(nameof(NotifySupervisor), () => shims.CreateActivity(new TaskName(nameof(NotifySupervisor)), new NotifyStub(recorder))));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>
/// Which task hub a conversation's orchestration lives in: the Server's own rule. (Placing conversation i on hub
/// i mod hubs put every tenth conversation, the ones that come due, on hubs 0 and 2 only.)
/// </summary>
internal static class Placement
{
    public static int HubOf(string conversationId, int hubs) => TaskHubShards.IndexOf(SlaOrchestrator.InstanceId(conversationId), hubs);
}

internal static class DurableLog
{
    public static ILoggerFactory Factory { get; set; } = NullLoggerFactory.Instance;
}

internal sealed record Result(string Config, int Hubs, int Count, int Expected, double StartSeconds, double SettledSeconds, double BenchRssMb, double AzuriteRssMb, int Escalated, double P50, double P99, double Max, double PerSecond);

/// <summary>When each escalation ran compared to when it was due.</summary>
internal sealed class Recorder(int capacity)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Due, DateTimeOffset Ran)> _runs = new(Environment.ProcessorCount, capacity);

    public int Count => _runs.Count;

    public void Record(string conversationId, DateTimeOffset due, DateTimeOffset ran) => _runs.TryAdd(conversationId, (due, ran));

    public double[] Lateness() => _runs.Values.Select(r => (r.Ran - r.Due).TotalSeconds).Order().ToArray();

    /// <summary>
    /// Where the late ones were (more than <paramref name="late"/> seconds): by task hub and by when they came due,
    /// so a stall of one hub shows as one hub and one stretch of time.
    /// </summary>
    public IEnumerable<string> LateByHub(int hubs, double late, DateTimeOffset origin) =>
        _runs.Where(r => (r.Value.Ran - r.Value.Due).TotalSeconds > late)
            .GroupBy(r => Placement.HubOf(r.Key, hubs))
            .OrderBy(g => g.Key)
            .Select(g => $"hub {g.Key}: {g.Count()} later than {late:F0} s, due {(g.Min(r => r.Value.Due) - origin).TotalSeconds:F0}–{(g.Max(r => r.Value.Due) - origin).TotalSeconds:F0} s, " +
                $"ran {(g.Min(r => r.Value.Ran) - origin).TotalSeconds:F0}–{(g.Max(r => r.Value.Ran) - origin).TotalSeconds:F0} s after the window's origin " +
                $"({g.Min(r => r.Value.Due):HH:mm:ss}–{g.Max(r => r.Value.Due):HH:mm:ss} UTC)");

    public double PerSecond()
    {
        if (_runs.Count < 2)
        {
            return double.NaN;
        }

        var first = _runs.Values.Min(r => r.Ran);
        var last = _runs.Values.Max(r => r.Ran);
        return _runs.Count / Math.Max(0.001, (last - first).TotalSeconds);
    }
}

internal sealed class RecordStub : Microsoft.DurableTask.TaskActivity<SlaStatusUpdate, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, SlaStatusUpdate input) => Task.FromResult("recorded");
}

internal sealed class NotifyStub(Recorder recorder) : Microsoft.DurableTask.TaskActivity<SlaStepInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, SlaStepInput input)
    {
        recorder.Record(input.State.ConversationId, input.DueAt, DateTimeOffset.UtcNow);
        return Task.FromResult("notified");
    }
}
