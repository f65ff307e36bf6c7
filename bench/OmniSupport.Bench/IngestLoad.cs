using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using BenchKit;

namespace OmniSupport.Bench;

public sealed record IngestResult(Samples Ack, double AcceptedPerSecond, int Accepted, int Rejected, Samples EndToEnd, double ProcessedPerSecond, int Processed);

/// <summary>Posts signed generic webhooks, then reads when each one's timeline row was written.</summary>
public static class IngestLoad
{
    public static async Task<IngestResult> RunAsync(BenchOptions o)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var http = new HttpClient { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromSeconds(60) };
        var sentAt = new ConcurrentDictionary<string, DateTimeOffset>();
        var ack = new Samples();
        int accepted = 0, rejected = 0, next = -1;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < o.Count)
            {
                var id = $"bench-{run}-{i}";
                using var request = GenericWebhook.Signed(o.Source, o.Secret, GenericWebhook.CustomerMessage(id, i, $"bench-{run}-{i % o.Customers}@example.com"));

                sentAt[id] = DateTimeOffset.UtcNow;
                var start = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                ack.Add(Stopwatches.Ms(start));
                if ((int)response.StatusCode == 202)
                {
                    Interlocked.Increment(ref accepted);
                }
                else
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        }));
        var acceptedPerSecond = accepted / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"posted {o.Count} in {clock.Elapsed.TotalSeconds:F1} s; waiting for the timeline…");

        var written = await WaitForTimelineAsync(o, run, accepted, started);
        var endToEnd = new Samples();
        foreach (var (id, at) in written)
        {
            if (sentAt.TryGetValue(id, out var sent))
            {
                endToEnd.Add((at - sent).TotalMilliseconds);
            }
        }

        var last = written.Count == 0 ? started : written.Values.Max();
        var processedPerSecond = written.Count / Math.Max(0.001, (last - started).TotalSeconds);
        return new IngestResult(ack, acceptedPerSecond, accepted, rejected, endToEnd, processedPerSecond, written.Count);
    }

    /// <summary>The write time (Azurite's row Timestamp, same machine clock) of each bench message's timeline row.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> WaitForTimelineAsync(BenchOptions o, string run, int expected, DateTimeOffset since)
    {
        var table = new TableClient(o.Storage, o.Prefix + "Timeline");
        var written = new Dictionary<string, DateTimeOffset>();
        var marker = $"\"providerMessageId\":\"bench-{run}-";
        var idle = Stopwatch.StartNew();
        while (written.Count < expected && idle.Elapsed < TimeSpan.FromSeconds(60))
        {
            var before = written.Count;
            var filter = TableClient.CreateQueryFilter($"Timestamp ge {since.AddSeconds(-5)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["Data", "Timestamp"]))
            {
                var data = row.GetString("Data") ?? ""; // claim rows (RowKey "~…") carry none
                var at = data.IndexOf(marker, StringComparison.Ordinal);
                if (at < 0 || row.Timestamp is null)
                {
                    continue;
                }

                var start = at + "\"providerMessageId\":\"".Length;
                var id = data[start..data.IndexOf('"', start)];
                written[id] = row.Timestamp.Value;
            }

            if (written.Count > before)
            {
                idle.Restart();
            }

            await Task.Delay(500);
        }

        return written;
    }
}
