using System.Text;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;
using OmniSupport.Channels.Generic;
using OmniSupport.Core.Timeline;
using OmniSupport.Functions.Triggers;
using OmniSupport.Storage;
using OmniSupport.TestUtilities;

namespace OmniSupport.Functions.Tests;

/// <summary>
/// The Functions app's trigger classes, called in-process with the app's own registrations on a real
/// Azurite (the Functions Core Tools cannot run here): a webhook in, the queue message out, the queue
/// trigger on it, the timeline read back through the customer function.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionTriggerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Secret = "fn-secret";
    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = _prefix,
            ["Channels:Generic:Sources:fn:Secret"] = Secret,
            ["Api:Keys:0:Id"] = "fn", ["Api:Keys:0:Sha256"] = Api.Security.ApiKeyAuthenticator.HashOf("fn-key"), ["Api:Keys:0:Scopes"] = "read",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddOmniSupport(configuration)
            .BuildServiceProvider(validateScopes: true);
        await _services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(default);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private T Function<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    [Fact]
    public async Task A_signed_webhook_through_the_functions_reaches_the_timeline()
    {
        var body = """{"channel":"sms","messageId":"fn-1","from":{"phone":"+14155550123"},"text":"From a function"}""";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "POST";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("hub.example.com");
        context.Request.Path = "/api/webhooks/generic/fn";
        context.Request.Headers[GenericWebhookAdapter.TimestampHeader] = ts;
        context.Request.Headers[GenericWebhookAdapter.SignatureHeader] = "sha256=" + Convert.ToHexStringLower(GenericWebhookAdapter.Sign(Secret, ts, Encoding.UTF8.GetBytes(body)));
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));

        var ack = await Function<WebhookFunctions>().Receive(context.Request, "generic", "fn", default);
        await ack.ExecuteAsync(context);
        Assert.Equal(202, context.Response.StatusCode);

        var queue = new QueueClient(azurite.ConnectionString, _prefix + "inbound", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var message = Assert.Single((await queue.ReceiveMessagesAsync(32)).Value);
        await Function<QueueFunctions>().ProcessInbound(message.Body.ToString(), default);

        var customer = await _services.GetRequiredService<Core.Customers.FindCustomer>().FindAsync("phone", "+14155550123", default);
        var page = await _services.GetRequiredService<ReadTimeline>().ReadAsync(customer.Id, 10, null, default);
        Assert.Equal("From a function", Assert.Single(page.Events).Text);
    }

    [Fact]
    public async Task The_customer_function_answers_401_without_a_key()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Response.Body = new MemoryStream();

        var result = await Function<CustomerFunctions>().Get(context.Request, "cus_x", default);
        await result.ExecuteAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
    }

    [Fact]
    public async Task The_webhook_function_keeps_the_body_limit_and_the_field_rules_of_the_server()
    {
        var oversize = new DefaultHttpContext { RequestServices = _services };
        oversize.Request.Method = "POST";
        oversize.Request.Path = "/api/webhooks/generic/fn";
        oversize.Request.Body = new MemoryStream(new byte[33 * 1024 * 1024]); // no Content-Length: counted as read
        oversize.Response.Body = new MemoryStream();

        var tooLarge = await Function<WebhookFunctions>().Receive(oversize.Request, "generic", "fn", default);
        await tooLarge.ExecuteAsync(oversize);

        var body = """{"channel":"\u0000","messageId":"fn-nul","from":{"phone":"+14155550124"},"text":"x"}""";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nul = new DefaultHttpContext { RequestServices = _services };
        nul.Request.Method = "POST";
        nul.Request.Path = "/api/webhooks/generic/fn";
        nul.Request.Headers[GenericWebhookAdapter.TimestampHeader] = ts;
        nul.Request.Headers[GenericWebhookAdapter.SignatureHeader] = "sha256=" + Convert.ToHexStringLower(GenericWebhookAdapter.Sign(Secret, ts, Encoding.UTF8.GetBytes(body)));
        nul.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        nul.Response.Body = new MemoryStream();

        var refused = await Function<WebhookFunctions>().Receive(nul.Request, "generic", "fn", default);
        await refused.ExecuteAsync(nul);

        Assert.Equal(413, oversize.Response.StatusCode);
        Assert.Equal(400, nul.Response.StatusCode);
        Assert.Equal("application/problem+json", nul.Response.ContentType);
    }

    [Fact]
    public async Task The_console_function_serves_the_same_files_as_the_server_with_the_same_policy()
    {
        using var server = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:ConnectionString", AzuriteFixture.UnreachableConnectionString());
            b.UseSetting("Logging:LogLevel:Default", "None");
        });
        using var client = server.CreateClient();
        foreach (var path in OmniSupport.Console.ConsoleFiles.Paths.Where(p => !p.StartsWith("vendor/", StringComparison.Ordinal)))
        {
            var context = new DefaultHttpContext { RequestServices = _services };
            context.Request.Path = "/api/console/" + path;
            context.Response.Body = new MemoryStream();
            await Function<ConsoleFunctions>().Files(context.Request, path).ExecuteAsync(context);
            var fromServer = await client.GetAsync("/console/" + path);

            Assert.Equal(200, context.Response.StatusCode);
            Assert.Equal(await fromServer.Content.ReadAsByteArrayAsync(), ((MemoryStream)context.Response.Body).ToArray());
            Assert.Equal(string.Join(";", fromServer.Headers.GetValues("Content-Security-Policy")), context.Response.Headers.ContentSecurityPolicy.ToString());
            Assert.Equal(fromServer.Content.Headers.ContentType!.ToString(), context.Response.ContentType);
        }
    }
}
