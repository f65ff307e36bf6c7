using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Tests;

/// <summary>What the adapter tests share: fixtures, options, requests, and the real request path with a recording queue.</summary>
internal static class Kit
{
    public static readonly DateTimeOffset Now = new(2025, 1, 2, 10, 0, 0, TimeSpan.Zero);

    public static readonly IdentityNormalizer Normalizer = new(Options.Create(new IdentityOptions { DefaultRegion = "US" }));

    public static string Fixture(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", path));

    public static byte[] FixtureBytes(string path) => Encoding.UTF8.GetBytes(Fixture(path));

    /// <summary>A multipart fixture with the CRLF line ends the wire format has (files are kept with LF in git).</summary>
    public static byte[] MultipartFixture(string path) => Encoding.UTF8.GetBytes(Fixture(path).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    public static IOptionsMonitor<T> Monitor<T>(T value) => new StaticMonitor<T>(value);

    public static ReplayWindow Window(DateTimeOffset? now = null) => new(Options.Create(new IngestOptions()), new FakeTimeProvider(now ?? Now));

    public static WebhookRequest Request(
        string provider,
        string path,
        byte[] body,
        string? contentType = "application/json",
        Dictionary<string, string>? headers = null,
        Dictionary<string, string>? query = null,
        string method = "POST",
        string? url = null) => new()
        {
            Provider = provider,
            Path = path,
            Method = method,
            PublicUrl = new Uri(url ?? $"https://hub.example.com/api/webhooks/{provider}/{path}"),
            Query = query ?? [],
            Headers = new Dictionary<string, string>(headers ?? [], StringComparer.OrdinalIgnoreCase),
            ContentType = contentType,
            Body = body,
            ReceivedAt = Now,
        };

    /// <summary>Runs the request through the real <see cref="ReceiveWebhook"/> with a queue that records what it is given.</summary>
    public static async Task<(WebhookOutcome Outcome, List<InboundEnvelope> Queued)> ReceiveAsync(IWebhookAdapter adapter, WebhookRequest request)
    {
        var queue = new RecordingQueue();
        var outcome = await new ReceiveWebhook([adapter], queue, NullLogger<ReceiveWebhook>.Instance).HandleAsync(request, CancellationToken.None);
        return (outcome, queue.Envelopes);
    }

    /// <summary>Asserts the request was accepted; returns the ack and the items that reached the queue.</summary>
    public static async Task<(WebhookOutcome.Accepted Ack, List<InboundMessage> Items)> AcceptedAsync(IWebhookAdapter adapter, WebhookRequest request)
    {
        var (outcome, queued) = await ReceiveAsync(adapter, request);
        var accepted = Assert.IsType<WebhookOutcome.Accepted>(outcome);
        return (accepted, queued.SelectMany(e => e.Messages).ToList());
    }

    /// <summary>Asserts the request was refused with the status and that nothing reached the queue.</summary>
    public static async Task<WebhookOutcome.Rejected> RejectedAsync(IWebhookAdapter adapter, WebhookRequest request, int status)
    {
        var (outcome, queued) = await ReceiveAsync(adapter, request);
        var rejected = Assert.IsType<WebhookOutcome.Rejected>(outcome);
        Assert.Equal(status, rejected.StatusCode);
        Assert.Empty(queued);
        return rejected;
    }

    public static async Task<WebhookOutcome.Handshake> HandshakeAsync(IWebhookAdapter adapter, WebhookRequest request)
    {
        var (outcome, queued) = await ReceiveAsync(adapter, request);
        Assert.Empty(queued);
        return Assert.IsType<WebhookOutcome.Handshake>(outcome);
    }

    private sealed class RecordingQueue : IInboundQueue
    {
        public List<InboundEnvelope> Envelopes { get; } = [];

        public Task EnqueueAsync(InboundEnvelope envelope, CancellationToken ct)
        {
            Envelopes.Add(envelope);
            return Task.CompletedTask;
        }
    }

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
