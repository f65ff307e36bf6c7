using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using BenchKit;

namespace OmniSupport.Cost;

public sealed record LoadOptions(int Count, int Concurrency, int Customers, IReadOnlyList<double> Rates, int RateSeconds, int Hubs, IReadOnlyList<bool> Sla, string[] Args)
{
    public static LoadOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new LoadOptions(
            int.Parse(Get("count", "1000"), CultureInfo.InvariantCulture),
            int.Parse(Get("concurrency", "32"), CultureInfo.InvariantCulture),
            int.Parse(Get("customers", "200"), CultureInfo.InvariantCulture),
            Get("rates", "10,20").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList(),
            int.Parse(Get("rate-seconds", "120"), CultureInfo.InvariantCulture),
            int.Parse(Get("hubs", "4"), CultureInfo.InvariantCulture),
            Get("sla", "on,off").Split(',').Select(v => v.Trim() == "on").ToList(),
            args);
    }
}

/// <summary>One phase's figures: what was offered, what came through, and the end-to-end latency of each message.</summary>
public sealed record LoadPhase(string Sla, string Name, int Sent, int Processed, double Seconds, double ProcessedPerSecond, double AckP99Ms, double P50Ms, double P99Ms, string LoadBefore, string LoadAfter);

/// <summary>
/// Throughput and latency with the SLA engine on and off in the same run: for each setting the bench
/// starts fresh in-memory Azurites (the hub's and, with the engine on, one per Durable task hub, as the
/// run script does) and the Server, then runs a closed-loop saturation phase (count messages at a
/// fixed concurrency: processed/s) and open-loop phases at fixed offered rates (a message every 1/rate
/// seconds whatever the answers: end-to-end p50/p99, the latency a team feels). Nothing is proxied.
/// </summary>
public static class LoadRuns
{
    private const string Secret = "cost-bench-secret";

    public static async Task<int> RunAsync(LoadOptions o, string root)
    {
        Console.WriteLine($"OmniSupport load bench: saturation {o.Count} messages at concurrency {o.Concurrency}, open loop at {string.Join(", ", o.Rates)} /s for {o.RateSeconds} s each, "
            + $"{o.Customers} customers, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTimeOffset.UtcNow:u}; settings passed: {string.Join(", ", Loopback.Settings(o.Args))}");
        var phases = new List<LoadPhase>();
        foreach (var sla in o.Sla)
        {
            phases.AddRange(await RunOneAsync(o, root, sla));
        }

        Console.WriteLine();
        Console.WriteLine($"{"SLA",-4} {"phase",-22} {"sent",6} {"done",6} {"s",7} {"processed/s",12} {"ack p99 ms",11} {"e2e p50 s",10} {"e2e p99 s",10}  load average (1, 5, 15 min) before → after");
        foreach (var p in phases)
        {
            Console.WriteLine($"{p.Sla,-4} {p.Name,-22} {p.Sent,6} {p.Processed,6} {p.Seconds,7:F1} {p.ProcessedPerSecond,12:F1} {p.AckP99Ms,11:F0} {p.P50Ms / 1000,10:F2} {p.P99Ms / 1000,10:F2}  {p.LoadBefore} → {p.LoadAfter}");
        }

        var on = phases.FirstOrDefault(p => p.Sla == "on" && p.Name == "saturation");
        var off = phases.FirstOrDefault(p => p.Sla == "off" && p.Name == "saturation");
        if (on is not null && off is not null)
        {
            Console.WriteLine($"saturation processed/s, SLA on / off = {on.ProcessedPerSecond:F1} / {off.ProcessedPerSecond:F1} = {on.ProcessedPerSecond / off.ProcessedPerSecond:P0}");
        }

        return 0;
    }

    private static async Task<List<LoadPhase>> RunOneAsync(LoadOptions o, string root, bool sla)
    {
        await using var processes = new Processes();
        var accounts = new List<(int Blob, int Queue, int Table)>();
        for (var k = -1; k < (sla ? o.Hubs : 0); k++)
        {
            var ports = (Blob: Loopback.FreePort(), Queue: Loopback.FreePort(), Table: Loopback.FreePort());
            processes.StartAzurite(root, ports.Blob, ports.Queue, ports.Table);
            accounts.Add(ports);
        }

        foreach (var port in processes.AzuritePorts)
        {
            await Loopback.WaitForPortAsync(port);
        }

        var hubUrl = $"http://127.0.0.1:{Loopback.FreePort()}";
        var env = new Dictionary<string, string>
        {
            ["Urls"] = hubUrl,
            ["Storage__ConnectionString"] = Loopback.Connection(accounts[0]),
            ["Durable__Enabled"] = sla ? "true" : "false",
            ["Durable__TaskHubCount"] = Math.Max(1, o.Hubs).ToString(CultureInfo.InvariantCulture),
            ["Api__Keys__0__Id"] = "load-bench",
            ["Api__Keys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData("load-bench-key"u8)),
            ["Api__Keys__0__Scopes"] = "admin",
            ["Channels__Generic__Sources__bench__Secret"] = Secret,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        for (var k = 1; k < accounts.Count; k++)
        {
            env[$"Durable__ConnectionStrings__{k - 1}"] = Loopback.Connection(accounts[k]);
        }

        Loopback.AddSettings(env, o.Args);
        processes.StartServer(Path.Combine(root, "functions/OmniSupport.Server/bin/Release/net10.0/OmniSupport.Server.dll"), env);
        using var http = new HttpClient { BaseAddress = new Uri(hubUrl), Timeout = TimeSpan.FromSeconds(120) };
        await Loopback.WaitForHealthAsync(http);
        await Task.Delay(TimeSpan.FromSeconds(10));

        var label = sla ? "on" : "off";
        var timeline = new TableClient(Loopback.Connection(accounts[0]), "Timeline");
        var run = Guid.NewGuid().ToString("N")[..6];
        var phases = new List<LoadPhase>();
        var sequence = 0;
        phases.Add(await PhaseAsync(label, "saturation", http, timeline, run, o, () => ClosedLoopAsync(http, run, o, () => Interlocked.Increment(ref sequence) - 1, o.Count)));
        foreach (var rate in o.Rates)
        {
            var count = (int)(rate * o.RateSeconds);
            phases.Add(await PhaseAsync(label, $"open loop {rate:F0}/s", http, timeline, run, o, () => OpenLoopAsync(http, run, o, () => Interlocked.Increment(ref sequence) - 1, count, rate)));
        }

        return phases;
    }

    private static async Task<LoadPhase> PhaseAsync(string sla, string name, HttpClient http, TableClient timeline, string run, LoadOptions o, Func<Task<Sent>> send)
    {
        var loadBefore = LoadAverage();
        var started = DateTimeOffset.UtcNow;
        var sent = await send();
        var written = await WaitForTimelineAsync(timeline, run, sent.At, started);
        var e2e = sent.At.Where(kv => written.ContainsKey(kv.Key)).Select(kv => (written[kv.Key] - kv.Value).TotalMilliseconds).Order().ToArray();
        var last = written.Count == 0 ? started : written.Values.Max();
        var seconds = (last - started).TotalSeconds;
        var phase = new LoadPhase(sla, name, sent.At.Count, written.Count, seconds, written.Count / Math.Max(0.001, seconds),
            Percentile(sent.AckMs.Order().ToArray(), 99), Percentile(e2e, 50), Percentile(e2e, 99), loadBefore, LoadAverage());
        Console.WriteLine($"SLA {sla}, {name}: {phase.Processed} of {phase.Sent} in {phase.Seconds:F1} s, {phase.ProcessedPerSecond:F1}/s, e2e p50 {phase.P50Ms / 1000:F2} s p99 {phase.P99Ms / 1000:F2} s (load {loadBefore} → {phase.LoadAfter})");
        return phase;
    }

    private sealed record Sent(ConcurrentDictionary<string, DateTimeOffset> At, ConcurrentBag<double> AckMs);

    private static async Task<Sent> ClosedLoopAsync(HttpClient http, string run, LoadOptions o, Func<int> next, int count)
    {
        var sent = new Sent(new(), []);
        var remaining = count;
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await PostAsync(http, run, o, next(), sent);
            }
        }));
        return sent;
    }

    /// <summary>A message every 1/rate seconds on the clock, not after the previous answer: the offered load stays fixed.</summary>
    private static async Task<Sent> OpenLoopAsync(HttpClient http, string run, LoadOptions o, Func<int> next, int count, double rate)
    {
        var sent = new Sent(new(), []);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            inFlight.Add(PostAsync(http, run, o, next(), sent));
        }

        await Task.WhenAll(inFlight);
        return sent;
    }

    private static async Task PostAsync(HttpClient http, string run, LoadOptions o, int i, Sent sent)
    {
        var id = $"load-{run}-{i}";
        using var request = GenericWebhook.Signed("bench", Secret, GenericWebhook.CustomerMessage(id, i, $"load-{run}-{i % o.Customers}@example.com"));
        var start = Stopwatch.GetTimestamp();
        sent.At[id] = DateTimeOffset.UtcNow;
        try
        {
            using var response = await http.SendAsync(request);
            if ((int)response.StatusCode != 202)
            {
                sent.At.TryRemove(id, out DateTimeOffset _);
            }
        }
        catch (HttpRequestException)
        {
            sent.At.TryRemove(id, out DateTimeOffset _);
        }

        sent.AckMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>When each message's timeline row was written (Azurite's Timestamp, same machine clock); gives up after 120 s without progress.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> WaitForTimelineAsync(TableClient table, string run, ConcurrentDictionary<string, DateTimeOffset> wanted, DateTimeOffset since)
    {
        var written = new Dictionary<string, DateTimeOffset>();
        var marker = $"\"providerMessageId\":\"load-{run}-";
        var idle = Stopwatch.StartNew();
        while (written.Count < wanted.Count && idle.Elapsed < TimeSpan.FromSeconds(120))
        {
            var before = written.Count;
            var filter = TableClient.CreateQueryFilter($"Timestamp ge {since.AddSeconds(-5)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["Data", "Timestamp"]))
            {
                var data = row.GetString("Data") ?? "";
                var at = data.IndexOf(marker, StringComparison.Ordinal);
                if (at < 0 || row.Timestamp is null)
                {
                    continue;
                }

                var start = at + "\"providerMessageId\":\"".Length;
                var id = data[start..data.IndexOf('"', start)];
                if (wanted.ContainsKey(id))
                {
                    written[id] = row.Timestamp.Value;
                }
            }

            if (written.Count > before)
            {
                idle.Restart();
            }

            await Task.Delay(1000);
        }

        return written;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
