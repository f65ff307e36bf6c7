using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using BenchKit;
using OmniSupport.Cost;

// Usage (from the repository root, after `npm ci` and a Release build of the Server; bench/cost.sh does both):
//   dotnet run -c Release --project bench/Cost -- [--conversations 40] [--hubs 4] [--idle-seconds 60]
//     [--durable on|off] [--trace requests.log] [--set Durable__PartitionCount=1 ...] [--usd-table-per-10k 0.00036] [--usd-queue-per-10k 0.004] [--usd-blob-per-10k 0.05]
// Starts in-memory Azurites, a counting proxy in front of each of their endpoints, and the Server
// (its Release build) talking only through the proxies; then runs one phase per kind of message and
// prints the storage transactions each kind costs, the hub's account and the Durable task hubs apart.
//   dotnet run -c Release --project bench/Cost -- --load [--count 1000] [--concurrency 32] [--customers 200]
//     [--rates 10,20] [--rate-seconds 120] [--sla on,off]
// With --load: throughput and end-to-end latency, SLA engine on and off in the same run (LoadRuns), no proxies.
if (args.Contains("--load"))
{
    return await LoadRuns.RunAsync(LoadOptions.Parse(args), Loopback.FindRoot());
}

var options = CostOptions.Parse(args);
var root = Loopback.FindRoot();
Console.WriteLine($"OmniSupport cost bench: {options.Conversations} conversations per phase, {(options.Durable ? options.Hubs + " Durable task hub(s)" : "SLA engine off")}, "
    + $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {DateTimeOffset.UtcNow:u}");

var counters = new Counters();
if (Array.IndexOf(args, "--trace") is var traceAt and >= 0 && traceAt + 1 < args.Length)
{
    counters.TraceTo(args[traceAt + 1]);
}
await using var processes = new Processes();
var proxies = new List<CountingProxy>();
var accounts = new List<(string Label, string Direct, string Proxied)>();
for (var k = -1; k < (options.Durable ? options.Hubs : 0); k++)
{
    var label = k < 0 ? "hub" : "durable";
    var real = (Blob: Loopback.FreePort(), Queue: Loopback.FreePort(), Table: Loopback.FreePort());
    var proxy = (Blob: Loopback.FreePort(), Queue: Loopback.FreePort(), Table: Loopback.FreePort());
    processes.StartAzurite(root, real.Blob, real.Queue, real.Table);
    proxies.Add(await CountingProxy.StartAsync(label, "blob", proxy.Blob, real.Blob, counters));
    proxies.Add(await CountingProxy.StartAsync(label, "queue", proxy.Queue, real.Queue, counters));
    proxies.Add(await CountingProxy.StartAsync(label, "table", proxy.Table, real.Table, counters));
    accounts.Add((label, Loopback.Connection(real), Loopback.Connection(proxy)));
}

foreach (var port in processes.AzuritePorts)
{
    await Loopback.WaitForPortAsync(port);
}

var hubUrl = $"http://127.0.0.1:{Loopback.FreePort()}";
const string apiKey = "cost-bench-key";
const string secret = "cost-bench-secret";
var env = new Dictionary<string, string>
{
    ["ASPNETCORE_URLS"] = hubUrl,
    ["Urls"] = hubUrl, // the Server's appsettings.json names 7071; a plain setting overrides it
    ["Storage__ConnectionString"] = accounts[0].Proxied,
    ["Durable__Enabled"] = options.Durable ? "true" : "false",
    ["Durable__TaskHubCount"] = Math.Max(1, options.Hubs).ToString(CultureInfo.InvariantCulture),
    ["Api__Keys__0__Id"] = "cost-bench",
    ["Api__Keys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))),
    ["Api__Keys__0__Scopes"] = "admin",
    ["Channels__Generic__Sources__bench__Secret"] = secret,
    ["Logging__LogLevel__Default"] = "Warning",
};
for (var k = 1; k < accounts.Count; k++)
{
    env[$"Durable__ConnectionStrings__{k - 1}"] = accounts[k].Proxied;
}

Loopback.AddSettings(env, args);
Console.WriteLine($"settings passed: {string.Join(", ", Loopback.Settings(args))}");
processes.StartServer(Path.Combine(root, "functions/OmniSupport.Server/bin/Release/net10.0/OmniSupport.Server.dll"), env);
using var http = new HttpClient { BaseAddress = new Uri(hubUrl), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
// Webhooks go without the API key, as a provider sends them (a keyed call is audited: two more transactions).
using var webhooks = new HttpClient { BaseAddress = new Uri(hubUrl), Timeout = TimeSpan.FromSeconds(60) };
await Loopback.WaitForHealthAsync(http);

// Warm-up: the tables, queues and task hubs exist and the workers poll; then idle is measured.
await Task.Delay(TimeSpan.FromSeconds(15));
var idleStart = counters.Snapshot();
var idleClock = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
var idle = Counters.Delta(idleStart, counters.Snapshot());
var idleSeconds = idleClock.Elapsed.TotalSeconds;
// Idle rates per part (the core hub, the SLA engine's rows and queue on the hub's account, the Durable
// task hubs) and per service, so that each phase's count can be netted of the polling it would have done anyway.
var idleRates = idle.GroupBy(kv => (Part: Parts.Of(kv.Key), kv.Key.Service)).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value) / idleSeconds);
double IdleRate(string part) => idleRates.Where(kv => kv.Key.Part == part).Sum(kv => kv.Value);
Console.WriteLine($"idle: hub {IdleRate(Parts.Hub) * 60:F0} transactions/min, SLA on the hub's account {IdleRate(Parts.SlaOnHub) * 60:F0}/min, "
    + $"Durable task hubs {IdleRate(Parts.Durable) * 60:F0}/min (over {idleSeconds:F0} s)");

var run = Guid.NewGuid().ToString("N")[..6];
var timeline = new TableClient(accounts[0].Direct, "Timeline");
var customers = Enumerable.Range(0, options.Conversations).Select(i => (Phone: $"+1415{run.GetHashCode() & 0xFF:D3}{i:D4}", Email: $"cost-{run}-{i}@example.com")).ToList();
var conversationIds = new Dictionary<int, string>();
var results = new List<PhaseResult>();

results.Add(await PhaseAsync("opens a conversation (sms)", async () =>
{
    var ids = await PostAllAsync(i => new { channel = "sms", messageId = $"{run}-open-{i}", from = new { phone = customers[i].Phone, email = customers[i].Email }, text = "Where is my order?" });
    var rows = await WaitForTimelineAsync(ids);
    foreach (var (i, id) in ids.Select((id, i) => (i, id)))
    {
        conversationIds[i] = rows[id];
    }
}));
results.Add(await PhaseAsync("joins it, same channel (sms)", async () =>
    await WaitForTimelineAsync(await PostAllAsync(i => new { channel = "sms", messageId = $"{run}-same-{i}", from = new { phone = customers[i].Phone }, text = "Any news?" }))));
results.Add(await PhaseAsync("joins it, another channel (chat)", async () =>
    await WaitForTimelineAsync(await PostAllAsync(i => new { channel = "chat", messageId = $"{run}-other-{i}", from = new { email = customers[i].Email }, text = "Writing on chat now" }))));
results.Add(await PhaseAsync("joins it, looser channel (email)", async () =>
    await WaitForTimelineAsync(await PostAllAsync(i => new { channel = "email", messageId = $"{run}-looser-{i}", from = new { email = customers[i].Email }, text = "Also by email" }))));
results.Add(await PhaseAsync("agent reply (API, sms, local outbox)", async () =>
{
    await ForAllAsync(i => http.PostAsync($"/api/conversations/{conversationIds[i]}/replies", Json(new { text = "It ships today.", channel = "sms", agent = "bench" })));
    await WaitForOutboundAsync();
}));
results.Add(await PhaseAsync("resolution (API)", () =>
    ForAllAsync(i => http.PostAsync($"/api/conversations/{conversationIds[i]}/resolve", Json(new { code = "resolved", recollected = false })))));

Console.WriteLine();
Console.WriteLine("Storage transactions per item (net of the idle rate over the phase; raw in brackets). SLA = the SLA engine's");
Console.WriteLine("share: the Durable task hubs plus its sla-signals queue and SlaStatus rows on the hub's account.");
Console.WriteLine($"{"kind",-38} {"hub tables",10} {"hub queues",10} {"hub blobs",9} {"hub",6} {"SLA on hub",10} {"Durable",8} {"SLA",6} {"total",6}");
foreach (var r in results)
{
    Console.WriteLine($"{r.Name,-38} {r.Net(Parts.Hub, "table"),10:F1} {r.Net(Parts.Hub, "queue"),10:F1} {r.Net(Parts.Hub, "blob"),9:F1} {r.Net(Parts.Hub),6:F1} "
        + $"{r.Net(Parts.SlaOnHub),10:F1} {r.Net(Parts.Durable),8:F1} {r.Net(Parts.SlaOnHub) + r.Net(Parts.Durable),6:F1} {r.NetTotal,6:F1}   [{r.Raw(Parts.Hub):F1} + {r.Raw(Parts.SlaOnHub):F1} + {r.Raw(Parts.Durable):F1}]");
}

var mix = results.Average(r => r.NetTotal);
var inboundMix = results.Take(4).Average(r => r.NetTotal);
double Usd(double transactions, string service) => transactions / 1e4 * options.UsdPer10k(service);
var mixUsd = results.Average(r => Parts.Services.Sum(service => Usd(Parts.All.Sum(part => r.Net(part, service)), service)));
const double secondsPerMonth = 60 * 60 * 24 * 30;
var idlePerMonth = idleRates.Values.Sum() * secondsPerMonth;
var idleUsd = idleRates.Sum(kv => Usd(kv.Value * secondsPerMonth, kv.Key.Service));
var durableIdleUsd = idleRates.Where(kv => kv.Key.Part == Parts.Durable).Sum(kv => Usd(kv.Value * secondsPerMonth, kv.Key.Service));
Console.WriteLine();
Console.WriteLine($"mix (one of each kind above): {mix:F1} transactions per item; inbound messages only: {inboundMix:F1}");
Console.WriteLine($"1 M items a month in this mix: {mix * 1e6:N0} transactions = {mixUsd * 1e6:F2} USD; idle polling {idlePerMonth:N0} transactions a month = {idleUsd:F2} USD "
    + $"(of it the Durable task hubs {durableIdleUsd:F2} USD)");
Console.WriteLine($"prices assumed (USD per 10,000): tables {options.UsdTablePer10k}, queues {options.UsdQueuePer10k}, blobs {options.UsdBlobPer10k}");
Console.WriteLine();
Console.WriteLine("Operations per item, by phase (raw):");
foreach (var r in results)
{
    Console.WriteLine($"  {r.Name}: " + string.Join(", ", r.Delta.GroupBy(kv => (kv.Key.Account, kv.Key.Service, Operation: Parts.Normalize(kv.Key.Operation)))
        .Select(g => (g.Key, Count: g.Sum(kv => kv.Value))).OrderByDescending(x => x.Count)
        .Select(x => $"{x.Key.Account} {x.Key.Service} {x.Key.Operation} {x.Count / (double)options.Conversations:F2}")));
}

return 0;

async Task<PhaseResult> PhaseAsync(string name, Func<Task> work)
{
    var before = counters.Snapshot();
    counters.Phase = name;
    var clock = Stopwatch.StartNew();
    await work();
    await WaitForQuietAsync();
    var delta = Counters.Delta(before, counters.Snapshot());
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"phase '{name}': {seconds:F1} s");
    return new PhaseResult(name, delta, seconds, options.Conversations, idleRates);
}

async Task WaitForQuietAsync()
{
    // Quiet: three seconds in a row in which no more happened than idle polling does.
    var limit = Math.Max(5, idleRates.Values.Sum() * 2);
    var quiet = 0;
    var last = counters.Snapshot().Values.Sum();
    for (var s = 0; s < 120 && quiet < 3; s++)
    {
        await Task.Delay(1000);
        var now = counters.Snapshot().Values.Sum();
        quiet = now - last <= limit ? quiet + 1 : 0;
        last = now;
    }
}

async Task<List<string>> PostAllAsync(Func<int, object> envelope)
{
    var ids = new string[options.Conversations];
    await ForAllAsync(async i =>
    {
        var body = JsonSerializer.Serialize(envelope(i));
        ids[i] = JsonDocument.Parse(body).RootElement.GetProperty("messageId").GetString()!;
        using var request = GenericWebhook.Signed("bench", secret, body);
        return await webhooks.SendAsync(request);
    });
    return [.. ids];
}

async Task ForAllAsync(Func<int, Task<HttpResponseMessage>> call)
{
    // Sequential on purpose: the counts are the point, and concurrency would only blur the phases.
    for (var i = 0; i < options.Conversations; i++)
    {
        using var response = await call(i);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

async Task<Dictionary<string, string>> WaitForTimelineAsync(List<string> providerMessageIds)
{
    // Read the real Azurite, not through the proxy: the bench's own reads are not the hub's cost.
    var wanted = providerMessageIds.ToHashSet();
    var found = new Dictionary<string, string>();
    for (var attempt = 0; attempt < 600 && found.Count < wanted.Count; attempt++)
    {
        await foreach (var row in timeline.QueryAsync<TableEntity>(select: ["Data", "ConversationId"]))
        {
            var data = row.GetString("Data");
            if (data is null || !data.Contains("\"providerMessageId\":\"" + run, StringComparison.Ordinal))
            {
                continue;
            }

            var id = JsonDocument.Parse(data).RootElement.GetProperty("providerMessageId").GetString()!;
            if (wanted.Contains(id))
            {
                found[id] = row.GetString("ConversationId") ?? "";
            }
        }

        await Task.Delay(500);
    }

    return found.Count == wanted.Count ? found : throw new TimeoutException($"{found.Count} of {wanted.Count} messages reached the timeline.");
}

async Task WaitForOutboundAsync()
{
    for (var attempt = 0; attempt < 600; attempt++)
    {
        var count = 0;
        await foreach (var row in timeline.QueryAsync<TableEntity>(filter: "Direction eq 'outbound'", select: ["RowKey"]))
        {
            count++;
        }

        if (count >= options.Conversations)
        {
            return;
        }

        await Task.Delay(500);
    }

    throw new TimeoutException("The replies did not all reach the timeline.");
}

static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

namespace OmniSupport.Cost
{
    public sealed record CostOptions(int Conversations, int Hubs, bool Durable, int IdleSeconds, double UsdTablePer10k, double UsdQueuePer10k, double UsdBlobPer10k)
    {
        public double UsdPer10k(string service) => service switch
        {
            "table" => UsdTablePer10k,
            "queue" => UsdQueuePer10k,
            _ => UsdBlobPer10k,
        };

        public static CostOptions Parse(string[] args)
        {
            string Get(string name, string fallback)
            {
                var i = Array.IndexOf(args, "--" + name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }

            // Defaults: Standard general-purpose v2, LRS, Hot, East US, pay-as-you-go list prices (see bench/README.md).
            return new CostOptions(
                int.Parse(Get("conversations", "40"), CultureInfo.InvariantCulture),
                int.Parse(Get("hubs", "4"), CultureInfo.InvariantCulture),
                Get("durable", "on") != "off",
                int.Parse(Get("idle-seconds", "60"), CultureInfo.InvariantCulture),
                double.Parse(Get("usd-table-per-10k", "0.00036"), CultureInfo.InvariantCulture),
                double.Parse(Get("usd-queue-per-10k", "0.004"), CultureInfo.InvariantCulture),
                double.Parse(Get("usd-blob-per-10k", "0.05"), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Which part of the hub a counted request belongs to.</summary>
    public static class Parts
    {
        public const string Hub = "hub";
        public const string SlaOnHub = "sla-on-hub";
        public const string Durable = "durable";
        public static readonly string[] All = [Hub, SlaOnHub, Durable];
        public static readonly string[] Services = ["table", "queue", "blob"];

        public static string Of((string Account, string Service, string Operation) key) =>
            key.Account == "durable" ? Durable
            : key.Operation.Contains("SlaStatus", StringComparison.Ordinal) || key.Operation.Contains("sla-signals", StringComparison.Ordinal) ? SlaOnHub
            : Hub;

        /// <summary>Durable's tables carry the task hub's name: keep the kind (History, Instances, Partitions).</summary>
        public static string Normalize(string operation)
        {
            foreach (var kind in new[] { "History", "Instances", "Partitions" })
            {
                var at = operation.LastIndexOf(' ');
                if (at > 0 && operation.EndsWith(kind, StringComparison.Ordinal))
                {
                    return operation[..(at + 1)] + kind;
                }
            }

            return operation;
        }
    }

    public sealed record PhaseResult(string Name, Dictionary<(string Account, string Service, string Operation), long> Delta, double Seconds, int Items, Dictionary<(string Part, string Service), double> IdleRates)
    {
        public double Raw(string part) => Delta.Where(kv => Parts.Of(kv.Key) == part).Sum(kv => kv.Value) / (double)Items;

        /// <summary>Per item, less what this part's idle polling on this service would have done over the phase anyway.</summary>
        public double Net(string part, string service) =>
            Math.Max(0, (Delta.Where(kv => Parts.Of(kv.Key) == part && kv.Key.Service == service).Sum(kv => kv.Value) - IdleRates.GetValueOrDefault((part, service)) * Seconds) / Items);

        public double Net(string part) => Parts.Services.Sum(service => Net(part, service));

        public double NetTotal => Parts.All.Sum(Net);
    }

    /// <summary>The child processes (Azurites, the Server), killed on dispose.</summary>
    public sealed class Processes : IAsyncDisposable
    {
        private readonly List<Process> _started = [];
        private readonly IDisposable _onTerm;

        public Processes()
        {
            // A bench stopped by a signal or a timeout must not leave its Azurites and Server behind.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            Console.CancelKeyPress += (_, _) => KillAll();
            _onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => KillAll());
        }

        private void KillAll()
        {
            foreach (var process in _started)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
        }

        public List<int> AzuritePorts { get; } = [];

        public void StartAzurite(string root, int blob, int queue, int table)
        {
            var info = new ProcessStartInfo(Path.Combine(root, "node_modules/.bin/azurite"),
                ["--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
                 "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                 "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            _started.Add(Process.Start(info)!);
            AzuritePorts.AddRange([blob, queue, table]);
        }

        public void StartServer(string dll, Dictionary<string, string> environment)
        {
            var info = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = false, RedirectStandardError = false };
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            _started.Add(Process.Start(info)!);
        }

        public async ValueTask DisposeAsync()
        {
            _onTerm.Dispose();
            foreach (var process in Enumerable.Reverse(_started))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
                catch (InvalidOperationException)
                {
                }

                process.Dispose();
            }
        }
    }
}
