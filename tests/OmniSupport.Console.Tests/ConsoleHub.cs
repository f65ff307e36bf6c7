using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Channels.Generic;

namespace OmniSupport.Console.Tests;

/// <summary>
/// The real Server on a real Kestrel socket (loopback, a free port: the browser needs a socket, not a
/// test server), on the tests' Azurite with its own table and queue names, as the integration tests' HubFactory.
/// </summary>
public sealed class ConsoleHub : WebApplicationFactory<Program>
{
    public const string AdminKey = "console-admin-key";
    public const string AgentKey = "console-agent-key";
    public const string ReaderKey = "console-reader-key";
    public const string Source = "test";
    public const string SourceSecret = "console-source-secret";
    public const string BotSecret = "console-bot-secret";
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly string _connectionString;

    public ConsoleHub(string connectionString)
    {
        _connectionString = connectionString;
        UseKestrel(0);
    }

    public string Prefix { get; } = OmniSupport.TestUtilities.AzuriteFixture.NewPrefix();
    public Dictionary<string, string?> Settings { get; } = new();
    public Action<IServiceCollection>? TestServices { get; set; }

    /// <summary>http://127.0.0.1:{port}, once started.</summary>
    public Uri BaseUrl
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _connectionString,
            ["Storage:Prefix"] = Prefix,
            ["Worker:VisibilityTimeoutSeconds"] = "1",
            ["Worker:MaxPollIntervalMilliseconds"] = "100",
            ["Identity:DefaultRegion"] = "US",
            ["Api:PublicBaseUrl"] = "https://hub.example.com",
            ["Channels:Generic:Sources:" + Source + ":Secret"] = SourceSecret,
            ["Channels:Bots:Secrets:dialogflow"] = BotSecret,
            ["Api:Keys:0:Id"] = "admin", ["Api:Keys:0:Sha256"] = Hash(AdminKey), ["Api:Keys:0:Scopes"] = "admin",
            ["Api:Keys:1:Id"] = "agent-maria", ["Api:Keys:1:Sha256"] = Hash(AgentKey), ["Api:Keys:1:Scopes"] = "write",
            ["Api:Keys:2:Id"] = "reader", ["Api:Keys:2:Sha256"] = Hash(ReaderKey), ["Api:Keys:2:Scopes"] = "read",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Durable:Enabled"] = "false",
            ["Sla:PolicyFile"] = "",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }

    /// <summary>A plain HTTP client to the Kestrel socket, with a key or without one.</summary>
    public HttpClient Http(string? key = AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>Posts a generic envelope signed as the source would sign it; asserts 202.</summary>
    public async Task PostMessageAsync(string id, string channel, string text, string? email = null, string? phone = null,
        Dictionary<string, string>? handles = null, string? name = null, DateTimeOffset? sentAt = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            channel,
            messageId = id,
            sentAt = sentAt ?? DateTimeOffset.UtcNow,
            from = new { name, email, phone, handles },
            text,
        }, Web);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(GenericWebhookAdapter.Sign(SourceSecret, ts, Encoding.UTF8.GetBytes(body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/generic/{Source}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(GenericWebhookAdapter.TimestampHeader, ts);
        request.Headers.Add(GenericWebhookAdapter.SignatureHeader, "sha256=" + signature);
        using var client = Http(null);
        var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task<T> GetAsync<T>(string path, string key = AdminKey)
    {
        using var client = Http(key);
        return (await client.GetFromJsonAsync<T>(path, Web))!;
    }

    /// <summary>The customer with an identity and their newest conversation, once the ingest put a message there.</summary>
    public async Task<(string CustomerId, string ConversationId)> ConversationOfAsync(string kind, string value)
    {
        return await OmniSupport.TestUtilities.Eventually.GetAsync(async () =>
        {
            using var client = Http();
            var response = await client.GetAsync($"/api/customers?{kind}={Uri.EscapeDataString(value)}");
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var customer = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/customers/{customer}/timeline?pageSize=10");
            var conversation = page.GetProperty("events").EnumerateArray()
                .Select(e => e.TryGetProperty("conversationId", out var c) ? c.GetString() : null).FirstOrDefault(c => c is not null);
            return conversation is null ? null : Tuple.Create(customer, conversation);
        }, because: $"a conversation of {kind} {value}") is var found ? (found.Item1, found.Item2) : default;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
