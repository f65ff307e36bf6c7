using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using BenchKit;
using OmniSupport.Core.Analytics;

namespace OmniSupport.Bench.Journeys;

// Usage: dotnet run -c Release --project bench/Journeys -- [--count 100000] [--days 30] [--repeat 3]
//   [--on-disk] [--connection <storage connection string>]
// Starts its own Azurite (in memory unless --on-disk) unless a connection string is given.
internal static class JourneysBench
{
    private const string Key = "bench-read-key";
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> Main(string[] args)
    {
        var count = Int(args, "count", 100_000);
        var days = Int(args, "days", 30);
        var repeat = Int(args, "repeat", 3);
        var onDisk = args.Contains("--on-disk");
        var given = Arg(args, "connection");
        using var azurite = given is null ? Azurite.Start(onDisk) : null;
        var connection = given ?? azurite!.ConnectionString;
        var prefix = "jb" + Guid.NewGuid().ToString("N")[..8];

        System.Console.WriteLine($"Journey analytics bench: {count:N0} resolved journeys over {days} days, {Environment.ProcessorCount} cores ({Cpu()}), " +
            $".NET {Environment.Version}, {(given is null ? (onDisk ? "on-disk" : "in-memory") + " Azurite" : "given storage")}, load {Load()}");

        // The Server's content root, which WebApplicationFactory would otherwise guess from a solution layout.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_OMNISUPPORT_SERVER", Path.Combine(Azurite.RepositoryRoot(), "functions", "OmniSupport.Server"));
        await using var hub = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = connection,
                ["Storage:Prefix"] = prefix,
                ["Durable:Enabled"] = "false",
                ["Sla:PolicyFile"] = "",
                ["Api:Keys:0:Id"] = "bench",
                ["Api:Keys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
                ["Api:Keys:0:Scopes"] = "read",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        });
        var client = hub.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        client.Timeout = TimeSpan.FromMinutes(10);
        var store = hub.Services.GetRequiredService<IJourneyStore>();

        // 1. Seed: records straight into their day partitions, 100 per batch, a few days at a time.
        var records = Seed(count, days);
        var seed = Stopwatch.StartNew();
        await Parallel.ForEachAsync(records.GroupBy(r => r.ResolvedAt!.Value.UtcDateTime.Date), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (day, ct) => await store.ImportResolvedAsync(day.ToList(), ct));
        seed.Stop();
        System.Console.WriteLine($"seeded            {count:N0} in {seed.Elapsed.TotalSeconds:F1} s ({count / seed.Elapsed.TotalSeconds:F0} rows/s)");
        records = null;

        var from = Start;
        var to = Start.AddDays(days);
        var window = $"from={from:yyyy-MM-ddTHH:mm:ssZ}&to={to:yyyy-MM-ddTHH:mm:ssZ}";
        var table = new TableServiceClient(connection).GetTableClient(prefix + "Journeys");

        var rows = new List<Measure>();
        for (var i = 0; i < repeat; i++)
        {
            rows.Add(await Measure.RunAsync("baseline: range scan of the same day partitions (all columns, no parsing)", () => ScanAsync(table, from, to)));
            rows.Add(await Measure.RunAsync("GET /api/analytics/journeys (30 days)", async () =>
            {
                using var response = await client.GetAsync("/api/analytics/journeys?" + window);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsByteArrayAsync();
                return (body.Length, $"{body.Length:N0} B JSON");
            }));
            rows.Add(await Measure.RunAsync("GET /api/analytics/journeys/export, Accept: text/csv", () => ExportAsync(client, window, "text/csv")));
            rows.Add(await Measure.RunAsync("GET /api/analytics/journeys/export, Accept: application/x-ndjson", () => ExportAsync(client, window, "application/x-ndjson")));
        }

        System.Console.WriteLine();
        System.Console.WriteLine("| operation | runs | time min / median / max (s) | allocated (MB) | managed heap peak (MB) | process RSS peak (MB) | result |");
        System.Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => r.Name))
        {
            var times = group.Select(r => r.Seconds).Order().ToList();
            System.Console.WriteLine($"| {group.Key} | {times.Count} | {times[0]:F2} / {times[times.Count / 2]:F2} / {times[^1]:F2} | " +
                $"{group.Average(r => r.AllocatedMb):F0} | {group.Max(r => r.HeapPeakMb):F0} | {group.Max(r => r.RssPeakMb):F0} | {group.Last().Result} |");
        }

        System.Console.WriteLine($"Azurite RSS at the end: {azurite?.RssMb() ?? double.NaN:F0} MB; load {Load()}");
        return 0;
    }

    private static async Task<(long, string)> ScanAsync(TableClient table, DateTimeOffset from, DateTimeOffset to)
    {
        long rows = 0;
        for (var day = from.UtcDateTime.Date; day < to.UtcDateTime; day = day.AddDays(1))
        {
            var partition = "d_" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1000))
            {
                rows++;
            }
        }

        return (rows, $"{rows:N0} rows");
    }

    private static async Task<(long, string)> ExportAsync(HttpClient client, string window, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/analytics/journeys/export?" + window);
        request.Headers.Add("Accept", accept);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long bytes = 0, lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return (lines, $"{lines:N0} lines, {bytes / 1048576.0:F1} MB streamed");
    }

    /// <summary>Deterministic journeys: the common paths most, a long tail of rare ones, 8 % repeat contacts, a third surveyed.</summary>
    private static List<JourneyRecord> Seed(int count, int days)
    {
        (string Path, int Weight)[] paths =
        [
            ("chat", 30), ("email", 25), ("sms", 15), ("chat>email", 8), ("chat>voice", 6), ("chat>voice>email", 4), ("email>voice", 3), ("voice", 3), ("sms>voice", 2),
        ];
        string[] channels = ["chat", "email", "sms", "voice", "whatsapp", "x", "messenger"];
        string[] tiers = ["standard", "gold", "enterprise"];
        string[] queues = ["general", "billing", "tech", "enterprise-callback"];
        var total = paths.Sum(p => p.Weight) + 4;
        var random = new Random(13);
        var list = new List<JourneyRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(total);
            string path;
            var acc = 0;
            path = "";
            foreach (var (p, w) in paths)
            {
                acc += w;
                if (pick < acc)
                {
                    path = p;
                    break;
                }
            }

            if (path.Length == 0)
            {
                path = JourneyRecord.Collapse(Enumerable.Range(0, random.Next(2, 5)).Select(_ => channels[random.Next(channels.Length)]));
            }

            var nodes = path.Count(c => c == '>') + 1;
            var resolvedAt = Start.AddSeconds(random.NextDouble() * days * 86400);
            var resolution = 60 + random.Next(0, 3 * 86400);
            var surveyed = random.Next(3) == 0;
            var id = $"cnv_bench{i:D7}";
            list.Add(new JourneyRecord
            {
                ConversationId = id,
                JourneyId = id,
                CustomerId = $"cus_bench{random.Next(count * 3 / 4):D7}",
                Tier = tiers[random.Next(tiers.Length)],
                Queue = queues[random.Next(queues.Length)],
                OpenedAt = resolvedAt.AddSeconds(-resolution),
                ResolvedAt = resolvedAt,
                Path = path,
                Contacts = nodes + random.Next(0, 3),
                ChannelSwitches = nodes - 1,
                AgentReplies = 1 + random.Next(0, 4),
                Handoffs = random.Next(10) == 0 ? 1 : 0,
                FirstResponseSeconds = random.Next(10) == 0 ? null : 30 + random.Next(0, 7200),
                ResolutionSeconds = resolution,
                SlaMet = random.Next(5) != 0,
                Disposition = "resolved",
                Recollected = random.Next(4) == 0,
                Csat = surveyed ? 1 + random.Next(5) : null,
                HadToRepeat = surveyed ? random.Next(3) == 0 : null,
                RepeatContactAt = random.Next(100) < 8 ? resolvedAt.AddHours(random.Next(1, 7 * 24)) : null,
            });
        }

        return list;
    }

    private static int Int(string[] args, string name, int fallback) => Arg(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string Cpu() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?" : "?";

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}

/// <summary>One timed operation: wall time, bytes allocated, the managed heap's and the process's peaks while it ran.</summary>
internal sealed record Measure(string Name, double Seconds, double AllocatedMb, double HeapPeakMb, double RssPeakMb, string Result)
{
    public static async Task<Measure> RunAsync(string name, Func<Task<(long Count, string Result)>> operation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeakRss();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        long heapPeak = GC.GetTotalMemory(false);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var watch = Stopwatch.StartNew();
        var (_, result) = await operation();
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        var measure = new Measure(name, watch.Elapsed.TotalSeconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0, heapPeak / 1048576.0, PeakRssMb(), result);
        System.Console.WriteLine($"{name}: {measure.Seconds:F2} s, {measure.AllocatedMb:F0} MB allocated, heap peak {measure.HeapPeakMb:F0} MB, RSS peak {measure.RssPeakMb:F0} MB, {result}");
        return measure;
    }

    /// <summary>Linux: writing 5 to clear_refs resets VmHWM, so each operation reports its own peak.</summary>
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static double PeakRssMb()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
