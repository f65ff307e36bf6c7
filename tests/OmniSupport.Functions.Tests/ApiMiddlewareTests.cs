using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniSupport.Api;
using OmniSupport.Api.Security;
using OmniSupport.Core.Audit;
using OmniSupport.Functions.Middleware;
using OmniSupport.Functions.Triggers;
using OmniSupport.Storage;
using OmniSupport.TestUtilities;

namespace OmniSupport.Functions.Tests;

/// <summary>
/// The Functions app's worker middleware, run in-process over the real trigger classes and Azurite, answers
/// every caller as the Server's authentication handler, scope policies, exception handler and audit filter do.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiMiddlewareTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ReadKey = "mw-read-key";
    private const string WriteKey = "mw-write-key";
    private const string AdminKey = "mw-admin-key";
    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private Dictionary<string, string?> _settings = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = _prefix,
            ["Durable:Enabled"] = "false",
            ["Sla:PolicyFile"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Api:Keys:0:Id"] = "reader", ["Api:Keys:0:Sha256"] = ApiKeyAuthenticator.HashOf(ReadKey), ["Api:Keys:0:Scopes"] = "read",
            ["Api:Keys:1:Id"] = "writer", ["Api:Keys:1:Sha256"] = ApiKeyAuthenticator.HashOf(WriteKey), ["Api:Keys:1:Scopes"] = "read,write",
            ["Api:Keys:2:Id"] = "admin", ["Api:Keys:2:Sha256"] = ApiKeyAuthenticator.HashOf(AdminKey), ["Api:Keys:2:Scopes"] = "admin",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        _services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<FunctionScopes>()
            .AddSingleton<ApiRequestMiddleware>()
            .AddOmniSupport(configuration)
            .BuildServiceProvider(validateScopes: true);
        await _services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(default);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private sealed record Call(string Method, string Path, string? Body, Func<IServiceProvider, HttpRequest, Task<IResult>> Function, string Trigger, Type Functions);

    private static readonly Call[] Calls =
    [
        new("GET", "/api/customers/cus_missing", null, (s, r) => Make<CustomerFunctions>(s).Get(r, "cus_missing", default), nameof(CustomerFunctions.Get), typeof(CustomerFunctions)),
        new("POST", "/api/customers/cus_missing/identities", """{"kind":"x","value":"1"}""", (s, r) => Make<CustomerFunctions>(s).LinkIdentity(r, "cus_missing", default), nameof(CustomerFunctions.LinkIdentity), typeof(CustomerFunctions)),
        new("GET", "/api/admin/poison", null, (s, r) => Make<AdminFunctions>(s).ListPoison(r, default), nameof(AdminFunctions.ListPoison), typeof(AdminFunctions)),
        new("GET", "/api/health", null, (s, r) => Make<AdminFunctions>(s).Health(r, default), nameof(AdminFunctions.Health), typeof(AdminFunctions)),
    ];

    private static T Make<T>(IServiceProvider services) => ActivatorUtilities.CreateInstance<T>(services);

    [Fact]
    public async Task Each_caller_gets_from_the_functions_middleware_the_status_and_body_type_the_server_gives()
    {
        using var server = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in _settings)
            {
                b.UseSetting(key, value);
            }
        });
        using var client = server.CreateClient();
        string?[] callers = [null, "not-a-key", ReadKey, WriteKey, AdminKey];

        var fromServer = new List<string>();
        var fromFunctions = new List<string>();
        foreach (var call in Calls)
        {
            foreach (var key in callers)
            {
                var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
                if (call.Body is not null)
                {
                    request.Content = new StringContent(call.Body, Encoding.UTF8, "application/json");
                }

                if (key is not null)
                {
                    request.Headers.Add(ApiKeyAuthenticator.Header, key);
                }

                var served = await client.SendAsync(request);
                fromServer.Add($"{call.Method} {call.Path} as {key ?? "nobody"}: {(int)served.StatusCode} {served.Content.Headers.ContentType?.MediaType}");

                var http = Request(call.Method, call.Path, call.Body, key);
                await ThroughMiddlewareAsync(call, http);
                fromFunctions.Add($"{call.Method} {call.Path} as {key ?? "nobody"}: {http.Response.StatusCode} {MediaType(http.Response.ContentType)}");
            }
        }

        Assert.Equal(fromServer, fromFunctions);
        Assert.Contains("GET /api/admin/poison as mw-write-key: 403 application/problem+json", fromFunctions);
        Assert.Contains("GET /api/customers/cus_missing as nobody: 401 application/problem+json", fromFunctions);
    }

    [Fact]
    public async Task The_functions_middleware_accepts_the_console_session_cookie_until_sign_out()
    {
        var signIn = Request("POST", "/api/session", null, ReadKey);
        await ThroughMiddlewareAsync<ConsoleFunctions>(nameof(ConsoleFunctions.CreateSession), signIn, f => f.CreateSession(signIn.Request, default));
        Assert.Equal(200, signIn.Response.StatusCode);
        var cookie = signIn.Response.Headers.SetCookie.ToString().Split(';')[0];

        HttpContext WithCookie(string method)
        {
            var context = Request(method, "/api/session", null, null);
            context.Request.Headers.Cookie = cookie;
            return context;
        }

        var who = WithCookie("GET");
        await ThroughMiddlewareAsync<ConsoleFunctions>(nameof(ConsoleFunctions.GetSession), who, f => f.GetSession(who.Request, default));
        var signOut = WithCookie("DELETE");
        await ThroughMiddlewareAsync<ConsoleFunctions>(nameof(ConsoleFunctions.DeleteSession), signOut, f => f.DeleteSession(signOut.Request, default));
        var after = WithCookie("GET");
        await ThroughMiddlewareAsync<ConsoleFunctions>(nameof(ConsoleFunctions.GetSession), after, f => f.GetSession(after.Request, default));

        Assert.Equal(200, who.Response.StatusCode);
        Assert.Equal(204, signOut.Response.StatusCode);
        Assert.Equal(401, after.Response.StatusCode);
    }

    [Fact]
    public async Task The_functions_middleware_audits_a_known_keys_call_with_the_status_it_answered()
    {
        var http = Request("GET", "/api/customers/cus_audited", null, ReadKey);
        await ThroughMiddlewareAsync<CustomerFunctions>(nameof(CustomerFunctions.Get), http, f => f.Get(http.Request, "cus_audited", default));

        var entries = await _services.GetRequiredService<IAuditLog>().ReadCustomerAsync("cus_audited", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5), default);
        var entry = Assert.Single(entries);
        Assert.Equal(404, http.Response.StatusCode);
        Assert.Equal("api-key:reader", entry.Entry.Actor);
        Assert.Equal(404, entry.Entry.Status);
    }

    [Fact]
    public async Task A_trigger_that_is_not_http_passes_through_the_middleware_untouched()
    {
        var trigger = typeof(QueueFunctions).GetMethods().First(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Length > 0);
        var context = new TestFunctionContext(trigger, _services, http: null);
        var ran = false;

        await _services.GetRequiredService<ApiRequestMiddleware>().Invoke(context, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.True(ran);
    }

    private Task ThroughMiddlewareAsync(Call call, HttpContext http) =>
        RunAsync(call.Functions.GetMethod(call.Trigger)!, http, () => call.Function(_services, http.Request));

    private Task ThroughMiddlewareAsync<TFunctions>(string trigger, HttpContext http, Func<TFunctions, Task<IResult>> function) =>
        RunAsync(typeof(TFunctions).GetMethod(trigger)!, http, () => function(Make<TFunctions>(_services)));

    private async Task RunAsync(System.Reflection.MethodInfo trigger, HttpContext http, Func<Task<IResult>> function)
    {
        var context = new TestFunctionContext(trigger, _services, http);
        await _services.GetRequiredService<ApiRequestMiddleware>().Invoke(context, async _ => context.Bindings.InvocationResult = await function());
    }

    private HttpContext Request(string method, string path, string? body, string? key)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("hub.example.com");
        context.Request.Path = path;
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        if (key is not null)
        {
            context.Request.Headers[ApiKeyAuthenticator.Header] = key;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string? MediaType(string? contentType) => contentType?.Split(';')[0];
}
