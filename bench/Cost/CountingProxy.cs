using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace OmniSupport.Cost;

/// <summary>
/// A loopback reverse proxy in front of one Azurite endpoint (blob, queue or table). Every request
/// that passes is one storage transaction as Azure bills it (an entity-group batch is one), counted
/// by account label, service and operation before it is forwarded unchanged.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private CountingProxy(WebApplication app, HttpClient http)
    {
        _app = app;
        _http = http;
    }

    public static async Task<CountingProxy> StartAsync(string account, string service, int listenPort, int targetPort, Counters counters)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls($"http://127.0.0.1:{listenPort}");
        var app = builder.Build();
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, MaxConnectionsPerServer = 256, UseProxy = false })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
        app.Run(async context =>
        {
            var request = context.Request;
            counters.Add(account, service, Operation(service, request));
            counters.Trace(account, service, request.Method, Uri.UnescapeDataString($"{request.Path}{request.QueryString}"));
            // The raw target, not Path (which ASP.NET Core decodes): Shared Key signs the resource as the client encoded it.
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{request.Path}{request.QueryString}";
            using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri($"http://127.0.0.1:{targetPort}{target}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
            if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
            {
                // Buffered, so the forwarded request keeps its Content-Length: Shared Key signs it, and a
                // streamed body would go out chunked and fail authentication.
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, context.RequestAborted);
                forward.Content = new ByteArrayContent(buffer.ToArray());
            }

            foreach (var (name, value) in request.Headers)
            {
                if (HopByHop.Contains(name))
                {
                    continue;
                }

                if (!forward.Headers.TryAddWithoutValidation(name, value.ToArray()) && forward.Content is not null)
                {
                    forward.Content.Headers.TryAddWithoutValidation(name, value.ToArray());
                }
            }

            using var response = await http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, value) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = value.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        return new CountingProxy(app, http);
    }

    /// <summary>What the request does, in the words of the storage REST API, and on which table or queue.</summary>
    private static string Operation(string service, HttpRequest request)
    {
        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var name = segments.Length > 1 ? segments[1].Split('(')[0] : "";
        if (service == "queue" && name.Length > 0)
        {
            // Durable's control and work-item queues carry the task hub's name: keep the kind, not the hub.
            name = name.Contains("-control-", StringComparison.Ordinal) ? "control" : name.EndsWith("-workitems", StringComparison.Ordinal) ? "workitems" : name;
        }

        var what = OperationKind(service, request);
        return name.Length == 0 || what is "create table" or "batch" ? what : $"{what} {name}";
    }

    private static string OperationKind(string service, HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var method = request.Method;
        return service switch
        {
            "table" when path.EndsWith("$batch", StringComparison.Ordinal) => "batch",
            "table" when method == "GET" && path.Contains("(PartitionKey=", StringComparison.Ordinal) => "point read",
            "table" when method == "GET" => "query",
            "table" when method == "POST" && path.EndsWith("Tables", StringComparison.Ordinal) => "create table",
            "table" when method == "POST" => "insert",
            "table" when method is "PUT" or "PATCH" or "MERGE" => "update/upsert",
            "table" when method == "DELETE" => "delete",
            "queue" when method == "POST" => "put message",
            "queue" when method == "GET" && request.Query.ContainsKey("peekonly") => "peek",
            "queue" when method == "GET" && path.EndsWith("/messages", StringComparison.Ordinal) => "get messages",
            "queue" when method == "PUT" && request.Query.ContainsKey("popreceipt") => "update message",
            "queue" when method == "DELETE" && request.Query.ContainsKey("popreceipt") => "delete message",
            "queue" when method is "GET" or "HEAD" => "queue metadata",
            "queue" when method == "PUT" => "create queue",
            "blob" when method == "PUT" && request.Query.ContainsKey("comp") => "blob " + request.Query["comp"],
            "blob" when method == "PUT" => "put blob",
            "blob" when method is "GET" or "HEAD" => "get blob",
            "blob" when method == "DELETE" => "delete blob",
            _ => method.ToLowerInvariant(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}

/// <summary>Transactions counted so far, by (account, service, operation).</summary>
public sealed class Counters
{
    private readonly ConcurrentDictionary<(string Account, string Service, string Operation), long> _counts = new();

    private readonly object _traceLock = new();
    private StreamWriter? _trace;

    /// <summary>The phase running now, written beside each traced request.</summary>
    public string Phase { get; set; } = "warm-up";

    public void Add(string account, string service, string operation) => _counts.AddOrUpdate((account, service, operation), 1, (_, n) => n + 1);

    /// <summary>With --trace, every request but the queues' polling goes to a file in the order it left, to see which call made it.</summary>
    public void TraceTo(string path) => _trace = new StreamWriter(path) { AutoFlush = true };

    public void Trace(string account, string service, string method, string target)
    {
        if (_trace is null || (service == "queue" && method == "GET" && target.Split('?')[0].EndsWith("/messages", StringComparison.Ordinal)))
        {
            return;
        }

        lock (_traceLock)
        {
            _trace.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {Phase} | {account} {service} {method} {target}");
        }
    }

    public Dictionary<(string Account, string Service, string Operation), long> Snapshot() => new(_counts);

    public static Dictionary<(string Account, string Service, string Operation), long> Delta(
        Dictionary<(string, string, string), long> before, Dictionary<(string, string, string), long> after) =>
        after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key)).Where(kv => kv.Value != 0).ToDictionary();
}
