using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Channels.Generic;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// The real Server, in-process, on a real Azurite, with its own table and queue names. Its queue
/// workers, storage and endpoints are the production ones; only configuration and (where a test
/// says so) a fault-injecting decorator differ.
/// </summary>
public sealed class HubFactory(string connectionString, string? prefix = null) : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";
    public const string WriteKey = "test-write-key";
    public const string ReadKey = "test-read-key";
    public const string Source = "test";
    public const string SourceSecret = "test-source-secret";

    public string Prefix { get; } = prefix ?? OmniSupport.TestUtilities.AzuriteFixture.NewPrefix();
    public string ConnectionString { get; } = connectionString;
    public Dictionary<string, string?> Settings { get; } = new();
    public Action<IServiceCollection>? TestServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = ConnectionString,
            ["Storage:Prefix"] = Prefix,
            ["Worker:MaxDequeueCount"] = "3",
            ["Worker:VisibilityTimeoutSeconds"] = "1",
            ["Worker:MaxPollIntervalMilliseconds"] = "100",
            ["Identity:DefaultRegion"] = "US",
            ["Api:PublicBaseUrl"] = "https://hub.example.com",
            ["Channels:Generic:Sources:" + Source + ":Secret"] = SourceSecret,
            ["Api:Keys:0:Id"] = "admin", ["Api:Keys:0:Sha256"] = Hash(AdminKey), ["Api:Keys:0:Scopes"] = "admin",
            ["Api:Keys:1:Id"] = "writer", ["Api:Keys:1:Sha256"] = Hash(WriteKey), ["Api:Keys:1:Scopes"] = "write",
            ["Api:Keys:2:Id"] = "reader", ["Api:Keys:2:Sha256"] = Hash(ReadKey), ["Api:Keys:2:Scopes"] = "read",
            ["Logging:LogLevel:Default"] = "Warning",

            // The Durable worker runs only in the tests that exercise the SLA (SlaTests turn it on).
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

    public HttpClient Api(string key = AdminKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public QueueClient Queue(string name) => new(ConnectionString, Prefix + name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>How many messages wait on a queue (peeked, not received).</summary>
    public async Task<int> CountAsync(string queueName)
    {
        var queue = Queue(queueName);
        if (!await queue.ExistsAsync())
        {
            return 0;
        }

        return (await queue.PeekMessagesAsync(32)).Value.Length;
    }

    /// <summary>Posts a generic envelope signed as the source would sign it.</summary>
    public Task<HttpResponseMessage> PostGenericAsync(object envelope, DateTimeOffset? timestamp = null, string? secret = null, string source = Source)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(envelope, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        return PostSignedAsync(body, timestamp, secret, source);
    }

    public Task<HttpResponseMessage> PostSignedAsync(string body, DateTimeOffset? timestamp = null, string? secret = null, string source = Source) =>
        PostSignedAsync(Encoding.UTF8.GetBytes(body), timestamp, secret, source);

    /// <summary>Posts the bytes as they are (any encoding), signed as the source would sign them.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(byte[] body, DateTimeOffset? timestamp = null, string? secret = null, string source = Source)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(GenericWebhookAdapter.Sign(secret ?? SourceSecret, ts, body));
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/generic/{source}") { Content = content };
        request.Headers.Add(GenericWebhookAdapter.TimestampHeader, ts);
        request.Headers.Add(GenericWebhookAdapter.SignatureHeader, "sha256=" + signature);
        return CreateClient().SendAsync(request);
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

public static class HttpJson
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var value = await response.Content.ReadFromJsonAsync<T>();
        return value ?? throw new InvalidOperationException("Empty JSON body.");
    }
}
