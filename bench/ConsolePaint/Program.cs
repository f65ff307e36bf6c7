using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OmniSupport.Core.Sla;

namespace OmniSupport.Bench.ConsolePaint;

// Usage: dotnet run -c Release --project bench/ConsolePaint -- [--open 10000] [--resolved 0] [--repeat 5]
// Seeds --open waiting conversations (their SLA rows, what the agent list and the supervisor's queues read)
// and --resolved resolved ones (the history a deployment accumulates, which the board must not read)
// on an in-memory Azurite, serves the console from the real Server on Kestrel, and loads each page --repeat
// times in Debian's Chromium: first contentful paint, the moment its data is on screen, and the bytes the
// page and its API calls moved. The baseline is the sign-in page (static, no API call) in the same run.
internal static class ConsolePaintBench
{
    public static async Task<int> Main(string[] args)
    {
        const string Key = "console-paint-bench-key";
        var open = Arg("--open", 10_000);
        var repeat = Arg("--repeat", 5);
        var resolved = Arg("--resolved", 0);
        using var azurite = Azurite.Start(onDisk: false);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_OMNISUPPORT_SERVER", Path.Combine(Azurite.RepositoryRoot(), "functions", "OmniSupport.Server"));
        await using var hub = new PaintHub(azurite.ConnectionString, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))));
        var baseUrl = hub.BaseUrl;
        System.Console.WriteLine($"Console first paint: {open:N0} open conversations, {resolved:N0} resolved, {Environment.ProcessorCount} cores, .NET {Environment.Version}, in-memory Azurite, " +
            $"Chromium {Environment.GetEnvironmentVariable("OMNISUPPORT_CHROMIUM") ?? "/usr/bin/chromium"}, load {Load()}");

        var statuses = hub.Services.GetRequiredService<ISlaStatusStore>();
        var now = DateTimeOffset.UtcNow;
        var queues = new[] { "general", "billing", "enterprise", "returns" };
        var channels = new[] { "email", "sms", "chat", "x" };
        var seeded = System.Diagnostics.Stopwatch.StartNew();
        // The first --open are waiting, the next --resolved resolved.
        await Parallel.ForEachAsync(Enumerable.Range(0, open + resolved), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var waiting = i < open;
            var since = now.AddSeconds(-(i % 3600));
            await statuses.SaveAsync(new SlaStatus
            {
                ConversationId = $"cnv_{i:x24}",
                CustomerId = $"cus_{i:x24}",
                Policy = "default",
                Channel = channels[i % channels.Length],
                Queue = queues[i % queues.Length],
                Priority = i % 7,
                State = waiting ? SlaStates.Waiting : SlaStates.Resolved,
                WaitingSince = waiting ? since : null,
                DueAt = waiting ? since.AddHours(1) : null,
                FirstResponseTarget = TimeSpan.FromHours(1),
                UpdatedAt = now,
            }, ct);
        });
        System.Console.WriteLine($"seeded {open:N0} open and {resolved:N0} resolved conversations in {seeded.Elapsed.TotalSeconds:F1} s");

        // The board's read, alone: what a supervisor watching costs once a second.
        var reads = new List<double>();
        for (var r = 0; r < 6; r++)
        {
            var read = System.Diagnostics.Stopwatch.StartNew();
            var listed = await statuses.ListOpenAsync(CancellationToken.None);
            reads.Add(read.Elapsed.TotalMilliseconds);
            if (listed.Count != open)
            {
                throw new InvalidOperationException($"The board read {listed.Count} open conversations, {open} were seeded.");
            }
        }

        // Baseline, same run: the scan the board made before open rows had a partition of their own (every row
        // of the table read, the open ones kept), over the same rows.
        var clients = hub.Services.GetRequiredService<OmniSupport.Storage.StorageClients>();
        var table = clients.Table(clients.Names.SlaStatus);
        var scans = new List<double>();
        for (var r = 0; r < 6; r++)
        {
            var scan = System.Diagnostics.Stopwatch.StartNew();
            var kept = 0;
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>($"State ne '{SlaStates.Resolved}'", select: ["Data"]))
            {
                kept++;
            }

            scans.Add(scan.Elapsed.TotalMilliseconds);
        }

        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"board read ({open:N0} open rows listed): p50 {Median(reads.Skip(1).ToList()):F0} ms; the whole-table scan it replaced: p50 {Median(scans.Skip(1).ToList()):F0} ms (5 reads each after a first)"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OMNISUPPORT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync("/console/");
        await signIn.GetByLabel("API key").FillAsync(Key);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await signIn.WaitForURLAsync("**/console/agent.html", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 120_000 });
        await signIn.CloseAsync();

        // The page, and the element whose content shows its data has arrived.
        var pages = new (string Name, string Path, string Ready)[]
        {
            ("sign-in (baseline, static)", "/console/index.html", "form"),
            ("agent: open conversations", "/console/agent.html", "#conversations li"),
            ("supervisor: queues", "/console/supervisor.html", "section.queue tr[data-conversation]"),
            ("staff: a day", "/console/staff.html", "#counts"),
            ("journeys: 30 days", "/console/journeys.html", "#kpis .kpi"),
        };
        var rows = new List<(string Name, double Fcp, double Ready, double PageKb, double ApiKb)>();
        foreach (var (name, path, ready) in pages)
        {
            var fcps = new List<double>();
            var readies = new List<double>();
            double pageKb = 0, apiKb = 0;
            for (var r = 0; r < repeat + 1; r++)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load, Timeout = 120_000 });
                await page.Locator(ready).First.WaitForAsync(new() { Timeout = 120_000 });
                var ms = await page.EvaluateAsync<double[]>("""
                    () => {
                      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
                      const nav = performance.getEntriesByType('navigation')[0];
                      const res = performance.getEntriesByType('resource');
                      const size = e => e.encodedBodySize || e.transferSize || 0;
                      const api = res.filter(e => e.name.includes('/api/')).reduce((s, e) => s + size(e), 0);
                      const files = res.filter(e => !e.name.includes('/api/')).reduce((s, e) => s + size(e), 0) + size(nav);
                      return [fcp, performance.now(), files, api];
                    }
                    """);
                if (r > 0) // the first load warms the server and the browser cache is per run anyway
                {
                    fcps.Add(ms[0]);
                    readies.Add(ms[1]);
                    pageKb = ms[2] / 1024;
                    apiKb = ms[3] / 1024;
                }

                await page.CloseAsync();
            }

            rows.Add((name, Median(fcps), Median(readies), pageKb, apiKb));
        }

        var baseline = rows[0].Fcp;
        System.Console.WriteLine();
        System.Console.WriteLine("| page | first paint p50 (ms) | × baseline | data on screen p50 (ms) | page KB (encoded, cached after the first load) | API KB |");
        System.Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Fcp:F0} | {row.Fcp / baseline:F2} | {row.Ready:F0} | {row.PageKb:F1} | {row.ApiKb:F1} |"));
        }

        System.Console.WriteLine($"load at the end {Load()}");
        return 0;

        int Arg(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[(sorted.Count - 1) / 2];
        }

        static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    }
}

/// <summary>The real Server on a Kestrel loopback socket with one admin key and the SLA engine off (the rows are seeded).</summary>
internal sealed class PaintHub(string connectionString, string keyHash) : WebApplicationFactory<Program>
{
    public Uri BaseUrl
    {
        get
        {
            UseKestrel(0);
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Api:Keys:0:Id"] = "bench",
            ["Api:Keys:0:Sha256"] = keyHash,
            ["Api:Keys:0:Scopes"] = "admin",
            ["Durable:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
    }
}
