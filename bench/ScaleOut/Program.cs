using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using BenchKit;

// Usage: dotnet run -c Release --project bench/ScaleOut -- [--count 3000] [--customers 300] [--concurrency 16]
//   [--kill-at 0.5] [--first-response 20s]
// Needs the Server built in Release (bench/scaleout.sh builds it). Starts one in-memory Azurite, a
// supervisor webhook receiver and two Servers on it (the hub's tables and queues and one Durable task
// hub shared, as two replicas run), posts signed messages to both, SIGKILLs the first Server when
// --kill-at of them are posted (the rest go to the second), then checks the storage and the receiver.
var count = Arg("--count", 3000);
var customers = Arg("--customers", 300);
var concurrency = Arg("--concurrency", 16);
var killAt = double.Parse(ArgText("--kill-at") ?? "0.5", CultureInfo.InvariantCulture);
var firstResponse = ArgText("--first-response") ?? "20s";
const string Source = "scaleout";
const string Secret = "scaleout-bench-secret";
var run = Guid.NewGuid().ToString("N")[..8];

var root = Azurite.RepositoryRoot();
var serverDir = Path.Combine(root, "functions", "OmniSupport.Server", "bin", "Release", "net10.0");
if (!File.Exists(Path.Combine(serverDir, "OmniSupport.Server.dll")))
{
    Console.Error.WriteLine($"Build the Server first: dotnet build functions/OmniSupport.Server -c Release ({serverDir})");
    return 2;
}

using var azurite = Azurite.Start(onDisk: false);
var alerts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
using var receiver = new HttpListener();
var receiverPort = FreePort();
receiver.Prefixes.Add($"http://127.0.0.1:{receiverPort}/");
receiver.Start();
_ = Task.Run(async () =>
{
    while (receiver.IsListening)
    {
        HttpListenerContext context;
        try
        {
            context = await receiver.GetContextAsync();
        }
        catch (HttpListenerException)
        {
            return;
        }

        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        if (Regex.Match(body, "cnv_[0-9a-f]+") is { Success: true } m)
        {
            alerts.AddOrUpdate(m.Value, 1, (_, n) => n + 1);
        }

        context.Response.StatusCode = 200;
        context.Response.Close();
    }
});

var policyFile = Path.Combine(Path.GetTempPath(), $"scaleout-policies-{run}.json");
File.WriteAllText(policyFile, $$"""
{ "policies": [ { "name": "bench", "channel": "*", "firstResponse": "{{firstResponse}}",
  "escalations": [ { "after": "0s", "action": "notify-supervisor", "webhook": true } ] } ] }
""");

Console.WriteLine($"Scale-out bench: {count:N0} messages from {customers} customers, concurrency {concurrency}, two Servers on one in-memory Azurite, " +
    $"the first SIGKILLed at {killAt:P0}; SLA first response {firstResponse} with one supervisor webhook step; {Environment.ProcessorCount} cores, load {Load()}");
var servers = new[] { StartServer(0), StartServer(1) };
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
foreach (var s in servers)
{
    await WaitHealthyAsync(s.Url);
}

var acked = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
int next = -1, retried = 0, killed = 0;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < count)
    {
        if (i >= (int)(count * killAt) && Interlocked.Exchange(ref killed, 1) == 0)
        {
            servers[0].Process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, leases and messages in work left behind
            Console.WriteLine($"killed server 0 after {i:N0} posts ({clock.Elapsed.TotalSeconds:F1} s)");
        }

        var id = $"so-{run}-{i}";
        var body = JsonSerializer.Serialize(new
        {
            channel = (i % 3) switch { 0 => "email", 1 => "sms", _ => "chat" },
            messageId = id,
            sentAt = DateTimeOffset.UtcNow,
            from = new { email = $"so-{run}-{i % customers}@example.com" },
            text = "Where is my order?",
        });
        // A provider retries what was not acknowledged: on the other Server once the first is gone.
        var target = Volatile.Read(ref killed) == 0 ? i % 2 : 1;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (await PostAsync(servers[target].Url, body) == HttpStatusCode.Accepted)
                {
                    acked[id] = 0;
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Interlocked.Increment(ref retried);
            target = 1;
        }
    }
}));
Console.WriteLine($"posted {count:N0} in {clock.Elapsed.TotalSeconds:F1} s: {acked.Count:N0} acknowledged, {retried} retried on the surviving Server");

// Every acknowledged message once on the timeline; then every conversation's one escalation.
var timeline = new TableClient(azurite.ConnectionString, "Timeline");
var (onTimeline, conversations) = await WaitForTimelineAsync();
var missing = acked.Keys.Count(id => !onTimeline.ContainsKey(id));
var twice = onTimeline.Count(p => p.Value > 1);
Console.WriteLine($"timeline after {clock.Elapsed.TotalSeconds:F0} s: {acked.Count - missing:N0} of {acked.Count:N0} acknowledged messages present, {missing} missing, {twice} on it more than once; {conversations.Count} conversations");

var quiet = Stopwatch.StartNew();
var last = -1;
while (quiet.Elapsed < TimeSpan.FromSeconds(45) && clock.Elapsed < TimeSpan.FromMinutes(15))
{
    var total = alerts.Values.Sum();
    if (total != last)
    {
        last = total;
        quiet.Restart();
    }

    await Task.Delay(1000);
}

var once = conversations.Count(c => alerts.GetValueOrDefault(c) == 1);
var doubled = conversations.Count(c => alerts.GetValueOrDefault(c) > 1);
var none = conversations.Count(c => alerts.GetValueOrDefault(c) == 0);
Console.WriteLine($"escalations after {clock.Elapsed.TotalSeconds:F0} s: {once} of {conversations.Count} conversations alerted exactly once, {doubled} more than once, {none} never; load {Load()}");
var ok = missing == 0 && twice == 0 && doubled == 0 && none == 0;
Console.WriteLine(ok ? "RESULT: held" : "RESULT: did not hold");

servers[1].Process.Kill(entireProcessTree: true);
receiver.Stop();
File.Delete(policyFile);
return ok ? 0 : 1;

async Task<(Dictionary<string, int> Ids, HashSet<string> Conversations)> WaitForTimelineAsync()
{
    var marker = $"\"providerMessageId\":\"so-{run}-";
    var waited = Stopwatch.StartNew();
    var lastCount = -1;
    while (true)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in timeline.QueryAsync<TableEntity>(select: ["Data"]))
        {
            var data = row.GetString("Data") ?? "";
            var at = data.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var start = at + "\"providerMessageId\":\"".Length;
            var id = data[start..data.IndexOf('"', start)];
            ids[id] = ids.GetValueOrDefault(id) + 1;
            if (Regex.Match(data, "\"conversationId\":\"(cnv_[0-9a-f]+)\"") is { Success: true } c)
            {
                found.Add(c.Groups[1].Value);
            }
        }

        if (acked.Keys.All(ids.ContainsKey) || waited.Elapsed > TimeSpan.FromMinutes(15))
        {
            return (ids, found);
        }

        if (ids.Count != lastCount && waited.Elapsed.TotalSeconds % 30 < 2.5)
        {
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: {ids.Count:N0} on the timeline");
            lastCount = ids.Count;
        }

        await Task.Delay(2000);
    }
}

async Task<HttpStatusCode> PostAsync(Uri url, string body)
{
    using var request = GenericWebhook.Signed(Source, Secret, body, url);
    using var response = await http.SendAsync(request);
    return response.StatusCode;
}

async Task WaitHealthyAsync(Uri url)
{
    for (var i = 0; i < 300; i++)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url, "/api/health"));
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

    throw new InvalidOperationException($"The Server at {url} did not become healthy.");
}

(Process Process, Uri Url) StartServer(int index)
{
    var port = FreePort();
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = serverDir, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { "OmniSupport.Server.dll", "--urls", $"http://127.0.0.1:{port}" })
    {
        start.ArgumentList.Add(a);
    }

    var env = start.Environment;
    env["Storage__ConnectionString"] = azurite.ConnectionString;
    env["Channels__Generic__Sources__" + Source + "__Secret"] = Secret;
    env["Sla__PolicyFile"] = policyFile;
    env["Sla__SurveysEnabled"] = "false";
    env["Sla__SupervisorWebhookUrl"] = $"http://127.0.0.1:{receiverPort}/alerts";
    env["Durable__Enabled"] = "true";
    env["Logging__LogLevel__Default"] = "Warning";
    env["Telemetry__ConsoleExporter"] = "false";
    var process = Process.Start(start) ?? throw new InvalidOperationException("The Server did not start.");
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) { Console.Error.WriteLine($"[server {index}] {line}"); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return (process, new Uri($"http://127.0.0.1:{port}"));
}

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
