using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using OmniSupport.Cost;

// Usage (from the repository root, after `npm ci` and a Release build of the Server; bench/cost.sh does both):
//   dotnet run -c Release --project bench/Cost -- [--conversations 40] [--hubs 4] [--idle-seconds 60]
//     [--durable on|off] [--usd-per-10k 0.0004]
// Starts in-memory Azurites, a counting proxy in front of each of their endpoints, and the Server
// (its Release build) talking only through the proxies; then runs one phase per kind of message and
// prints the storage transactions each kind costs, the hub's account and the Durable task hubs apart.
var options = CostOptions.Parse(args);
var root = FindRoot();
Console.WriteLine($"OmniSupport cost bench: {options.Conversations} conversations per phase, {(options.Durable ? options.Hubs + " Durable task hub(s)" : "SLA engine off")}, "
    + $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {DateTimeOffset.UtcNow:u}");

var counters = new Counters();
await using var processes = new Processes();
var proxies = new List<CountingProxy>();
var accounts = new List<(string Label, string Direct, string Proxied)>();
for (var k = -1; k < (options.Durable ? options.Hubs : 0); k++)
{
    var label = k < 0 ? "hub" : "durable";
    var real = (Blob: FreePort(), Queue: FreePort(), Table: FreePort());
    var proxy = (Blob: FreePort(), Queue: FreePort(), Table: FreePort());
    processes.StartAzurite(root, real.Blob, real.Queue, real.Table);
    proxies.Add(await CountingProxy.StartAsync(label, "blob", proxy.Blob, real.Blob, counters));
    proxies.Add(await CountingProxy.StartAsync(label, "queue", proxy.Queue, real.Queue, counters));
    proxies.Add(await CountingProxy.StartAsync(label, "table", proxy.Table, real.Table, counters));
    accounts.Add((label, Connection(real), Connection(proxy)));
}

foreach (var port in processes.AzuritePorts)
{
    await WaitForPortAsync(port);
}

var hubUrl = $"http://127.0.0.1:{FreePort()}";
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

processes.StartServer(Path.Combine(root, "functions/OmniSupport.Server/bin/Release/net10.0/OmniSupport.Server.dll"), env);
using var http = new HttpClient { BaseAddress = new Uri(hubUrl), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
await WaitForHealthAsync(http);

// Warm-up: the tables, queues and task hubs exist and the workers poll; then idle is measured.
await Task.Delay(TimeSpan.FromSeconds(15));
var idleStart = counters.Snapshot();
var idleClock = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
var idle = Counters.Delta(idleStart, counters.Snapshot());
var idleSeconds = idleClock.Elapsed.TotalSeconds;
double IdleRate(string account) => idle.Where(kv => kv.Key.Account == account).Sum(kv => kv.Value) / idleSeconds;
Console.WriteLine($"idle: hub {IdleRate("hub") * 60:F0} transactions/min, durable {IdleRate("durable") * 60:F0} transactions/min (over {idleSeconds:F0} s)");

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
results.Add(await PhaseAsync("agent reply (API, sms, local outbox)", async () =>
{
    await ForAllAsync(i => http.PostAsync($"/api/conversations/{conversationIds[i]}/replies", Json(new { text = "It ships today.", channel = "sms", agent = "bench" })));
    await WaitForOutboundAsync();
}));
results.Add(await PhaseAsync("resolution (API)", () =>
    ForAllAsync(i => http.PostAsync($"/api/conversations/{conversationIds[i]}/resolve", Json(new { code = "resolved", recollected = false })))));

Console.WriteLine();
Console.WriteLine("Storage transactions per item (net of the idle rate over the phase; raw in brackets):");
Console.WriteLine($"{"kind",-38} {"hub tables",10} {"hub queues",10} {"hub blobs",9} {"hub",7} {"SLA/Durable",11} {"total",7}");
foreach (var r in results)
{
    Console.WriteLine($"{r.Name,-38} {r.Per("hub", "table"),10:F1} {r.Per("hub", "queue"),10:F1} {r.Per("hub", "blob"),9:F1} {r.Net("hub"),7:F1} {r.Net("durable"),11:F1} {r.Net("hub") + r.Net("durable"),7:F1}"
        + $"   [{r.Raw("hub"):F1} + {r.Raw("durable"):F1}]");
}

var mix = results.Sum(r => r.Net("hub") + r.Net("durable")) / results.Count;
var inboundMix = results.Take(3).Sum(r => r.Net("hub") + r.Net("durable")) / 3;
var idlePerMonth = (IdleRate("hub") + IdleRate("durable")) * 60 * 60 * 24 * 30;
Console.WriteLine();
Console.WriteLine($"mix (one of each kind above): {mix:F1} transactions per item; inbound messages only: {inboundMix:F1}");
Console.WriteLine($"1 M items a month in this mix: {mix * 1e6:N0} transactions = {mix * 1e6 / 1e4 * options.UsdPer10k:F2} USD, plus idle {idlePerMonth:N0} = {idlePerMonth / 1e4 * options.UsdPer10k:F2} USD "
    + $"(at {options.UsdPer10k} USD per 10,000 transactions)");
Console.WriteLine();
Console.WriteLine("Operations per item, by phase (raw):");
foreach (var r in results)
{
    Console.WriteLine($"  {r.Name}: " + string.Join(", ", r.Delta.OrderByDescending(kv => kv.Value)
        .Select(kv => $"{kv.Key.Account} {kv.Key.Service} {kv.Key.Operation} {kv.Value / (double)options.Conversations:F2}")));
}

return 0;

async Task<PhaseResult> PhaseAsync(string name, Func<Task> work)
{
    var before = counters.Snapshot();
    var clock = Stopwatch.StartNew();
    await work();
    await WaitForQuietAsync();
    var delta = Counters.Delta(before, counters.Snapshot());
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"phase '{name}': {seconds:F1} s");
    return new PhaseResult(name, delta, seconds, options.Conversations, new Dictionary<string, double> { ["hub"] = IdleRate("hub"), ["durable"] = IdleRate("durable") });
}

async Task WaitForQuietAsync()
{
    // Quiet: three seconds in a row in which no more happened than idle polling does.
    var limit = Math.Max(5, (IdleRate("hub") + IdleRate("durable")) * 2);
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
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ts + "." + body)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/generic/bench") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-OmniSupport-Timestamp", ts);
        request.Headers.Add("X-OmniSupport-Signature", "sha256=" + signature);
        return await http.SendAsync(request);
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

static string Connection((int Blob, int Queue, int Table) p) =>
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
    + $"BlobEndpoint=http://127.0.0.1:{p.Blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{p.Queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{p.Table}/devstoreaccount1;";

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForPortAsync(int port)
{
    for (var i = 0; i < 300; i++)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(100);
        }
    }

    throw new TimeoutException($"Nothing listens on {port}.");
}

static async Task WaitForHealthAsync(HttpClient http)
{
    for (var i = 0; i < 600; i++)
    {
        try
        {
            using var response = await http.GetAsync("/api/health");
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(200);
    }

    throw new TimeoutException("The Server did not become healthy.");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "OmniSupport.Functions.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

namespace OmniSupport.Cost
{
    public sealed record CostOptions(int Conversations, int Hubs, bool Durable, int IdleSeconds, double UsdPer10k)
    {
        public static CostOptions Parse(string[] args)
        {
            string Get(string name, string fallback)
            {
                var i = Array.IndexOf(args, "--" + name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }

            return new CostOptions(
                int.Parse(Get("conversations", "40"), CultureInfo.InvariantCulture),
                int.Parse(Get("hubs", "4"), CultureInfo.InvariantCulture),
                Get("durable", "on") != "off",
                int.Parse(Get("idle-seconds", "60"), CultureInfo.InvariantCulture),
                double.Parse(Get("usd-per-10k", "0.0004"), CultureInfo.InvariantCulture));
        }
    }

    public sealed record PhaseResult(string Name, Dictionary<(string Account, string Service, string Operation), long> Delta, double Seconds, int Items, Dictionary<string, double> IdleRates)
    {
        public double Raw(string account) => Delta.Where(kv => kv.Key.Account == account).Sum(kv => kv.Value) / (double)Items;

        public double Per(string account, string service) => Delta.Where(kv => kv.Key.Account == account && kv.Key.Service == service).Sum(kv => kv.Value) / (double)Items;

        /// <summary>Per item, less what the account's idle polling would have done over the phase anyway.</summary>
        public double Net(string account) => Math.Max(0, Raw(account) - IdleRates[account] * Seconds / Items);
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
