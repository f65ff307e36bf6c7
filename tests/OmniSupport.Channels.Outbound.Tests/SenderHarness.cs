using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Channels;
using OmniSupport.Core.Outbound;
using WireMock.Logging;
using WireMock.Server;

namespace OmniSupport.Channels.Outbound.Tests;

/// <summary>
/// A real HTTP server (WireMock.Net) standing in for a provider, and the hub's senders built the way
/// the hosts build them (AddOmniSupportChannels: named HttpClients with the retry pipeline), pointed
/// at it. Backoff is cut to milliseconds so retry tests stay quick.
/// </summary>
public sealed class SenderHarness : IDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string BaseUrl => Server.Urls[0];

    public IChannelSender Sender(string provider, Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Channels:Outbound:Http:MaxRetryAttempts"] = "3",
            ["Channels:Outbound:Http:RetryBaseDelayMilliseconds"] = "5",
            ["Channels:Outbound:Http:AttemptTimeoutSeconds"] = "5",
            ["Channels:Outbound:Http:TotalTimeoutSeconds"] = "30",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOmniSupportChannels(configuration);
        var sp = services.BuildServiceProvider();
        _providers.Add(sp);
        var sender = sp.GetServices<IChannelSender>().Single(s => s.Provider == provider);
        Assert.True(sender.IsConfigured, $"the {provider} sender should be configured by the test settings");
        return sender;
    }

    /// <summary>The call dialer built as the hosts build it, pointed at the stand-in server by the settings.</summary>
    public OmniSupport.Core.Sla.ICallDialer Dialer(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOmniSupportChannels(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var sp = services.BuildServiceProvider();
        _providers.Add(sp);
        return sp.GetRequiredService<OmniSupport.Core.Sla.ICallDialer>();
    }

    public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.ToList();

    public ILogEntry SingleRequest() => Assert.Single(Server.LogEntries);

    public static string Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers!.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value.ToString()!;

    public static JsonElement Json(ILogEntry entry) => JsonDocument.Parse(entry.RequestMessage.Body!).RootElement;

    public static OutboundMessage Message(string channel, string to, Dictionary<string, string>? metadata = null, IReadOnlyList<string>? inReplyTo = null) => new()
    {
        Id = "out_test0001",
        Channel = channel,
        To = to,
        CustomerId = "cus_1",
        ConversationId = "cnv_1",
        Text = "Your replacement ships today.",
        Subject = "Re: Order 1234",
        Actor = "maria",
        InReplyTo = inReplyTo ?? [],
        Metadata = metadata ?? [],
        CreatedAt = new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero),
    };

    public void Dispose()
    {
        foreach (var sp in _providers)
        {
            sp.Dispose();
        }

        Server.Stop();
        Server.Dispose();
    }
}
