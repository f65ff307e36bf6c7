using System.Diagnostics;
using System.Globalization;
using OmniSupport.Bench;

// Usage: dotnet run -c Release --project bench/OmniSupport.Bench -- [--count 2000] [--concurrency 32]
//   [--url http://127.0.0.1:7071] [--source demo] [--secret local-demo-secret]
//   [--storage UseDevelopmentStorage=true] [--customers 200]
// Needs the hub running (scripts/run.sh) with the same source secret and storage.
var options = BenchOptions.Parse(args);
Console.WriteLine($"OmniSupport ingest bench: {options.Count} messages, concurrency {options.Concurrency}, {options.Customers} customers, {Environment.ProcessorCount} cores, {RuntimeInfo()}");

var ingest = await IngestLoad.RunAsync(options);
var storage = await StorageBaseline.RunAsync(options);

Console.WriteLine();
Console.WriteLine($"ack latency       p50 {ingest.Ack.P(50):F1} ms   p95 {ingest.Ack.P(95):F1} ms   p99 {ingest.Ack.P(99):F1} ms");
Console.WriteLine($"accepted          {ingest.AcceptedPerSecond:F0} /s  ({ingest.Accepted} of {options.Count} accepted, {ingest.Rejected} not)");
Console.WriteLine($"end-to-end        p50 {ingest.EndToEnd.P(50):F0} ms   p99 {ingest.EndToEnd.P(99):F0} ms  (webhook sent → timeline row written)");
Console.WriteLine($"processed         {ingest.ProcessedPerSecond:F0} /s  ({ingest.Processed} on the timeline)");
Console.WriteLine($"storage baseline  {storage.OperationsPerSecond:F0} ops/s raw, {storage.MessagesPerSecond:F0} messages' worth /s ({StorageBaseline.OperationsPerMessage} ops each)");
Console.WriteLine($"processed / storage allows = {ingest.ProcessedPerSecond / storage.MessagesPerSecond:P0}");

static string RuntimeInfo() => $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

namespace OmniSupport.Bench
{
    public sealed record BenchOptions(int Count, int Concurrency, int Customers, string Url, string Source, string Secret, string Storage, string Prefix)
    {
        public static BenchOptions Parse(string[] args)
        {
            string Get(string name, string fallback)
            {
                var i = Array.IndexOf(args, "--" + name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }

            return new BenchOptions(
                int.Parse(Get("count", "2000"), CultureInfo.InvariantCulture),
                int.Parse(Get("concurrency", "32"), CultureInfo.InvariantCulture),
                int.Parse(Get("customers", "200"), CultureInfo.InvariantCulture),
                Get("url", "http://127.0.0.1:7071"),
                Get("source", "demo"),
                Get("secret", "local-demo-secret"),
                Get("storage", "UseDevelopmentStorage=true"),
                Get("prefix", ""));
        }
    }

    public sealed class Samples
    {
        private readonly List<double> _values = [];

        public void Add(double value)
        {
            lock (_values)
            {
                _values.Add(value);
            }
        }

        public int Count => _values.Count;

        public double P(double percentile)
        {
            lock (_values)
            {
                if (_values.Count == 0)
                {
                    return double.NaN;
                }

                var sorted = _values.Order().ToArray();
                var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
                return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
            }
        }
    }

    internal static class Stopwatches
    {
        public static double Ms(long start) => Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
