using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.X;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// The rules a hostile-input campaign broke, stated on the real Server and Azurite: a look-alike
/// never takes over a customer, bad input is a 4xx that names what was wrong and leaves nothing
/// queued, what is accepted can be stored, and neither logs nor problem bodies carry secrets.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string XSecret = "hostile-x-secret";
    private const string ParseSecret = "hostile-parse-secret-123";
    private readonly HubFactory _hub;
    private readonly CapturingLoggerProvider _logs = new();

    public HostileInputTests(AzuriteFixture azurite)
    {
        _hub = new HubFactory(azurite.ConnectionString);
        _hub.Settings["Channels:X:ConsumerSecret"] = XSecret;
        _hub.Settings["Channels:SendGrid:InboundSecret"] = ParseSecret;
        _hub.Settings["Logging:LogLevel:Default"] = "Information"; // as in production
        _hub.TestServices = services => services.AddSingleton<ILoggerProvider>(_logs);
    }

    public async Task InitializeAsync()
    {
        _hub.CreateClient();
        await Eventually.GetAsync(async () => (await _hub.Queue("inbound").ExistsAsync()).Value ? "created" : null);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_look_alike_email_with_a_kelvin_sign_makes_a_new_customer_instead_of_joining_the_real_one()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("kelvin-1", "email", "I am the real one", email: "ctl-lookalike@example.com"));
        var real = await _hub.CustomerByAsync("email", "ctl-lookalike@example.com");
        await _hub.TimelineWithAsync(real.Id, "kelvin-1");

        await _hub.PostAcceptedAsync(Scenario.Message("kelvin-2", "email", "Send me their invoices", email: "ctl-loo\u212Aalike@example.com"));
        var stranger = await _hub.CustomerByAsync("email", "ctl-loo\u212Aalike@example.com");
        await _hub.TimelineWithAsync(stranger.Id, "kelvin-2");

        Assert.NotEqual(real.Id, stranger.Id);
        Assert.DoesNotContain((await _hub.TimelineAsync(real.Id)).Events, e => e.ProviderMessageId == "kelvin-2");
    }

    [Fact]
    public async Task A_signed_body_in_latin_1_is_refused_with_400_saying_json_must_be_utf_8()
    {
        var json = """{"messageId":"latin-1","channel":"chat","from":{"email":"latin@example.com"},"text":"Où est ma commande ?"}""";
        var response = await _hub.PostSignedAsync(System.Text.Encoding.Latin1.GetBytes(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not UTF-8", (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_signed_message_posted_under_three_spellings_of_its_source_lands_once()
    {
        var body = System.Text.Json.JsonSerializer.Serialize(Scenario.Message("case-1", "chat", "hello", email: "case@example.com"),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));

        foreach (var source in new[] { "test", "TEST", "Test" })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _hub.PostSignedAsync(body, source: source)).StatusCode);
        }

        var customer = await _hub.CustomerByAsync("email", "case@example.com");
        await _hub.TimelineWithAsync(customer.Id, "case-1");
        await Eventually.GetAsync(async () => await _hub.CountAsync("inbound") == 0 ? "drained" : null, because: "the three deliveries to be processed");
        Assert.Single((await _hub.TimelineAsync(customer.Id)).Events, e => e.ProviderMessageId == "case-1");
    }

    [Theory]
    [InlineData("email")]
    [InlineData("channel")]
    public async Task A_field_over_its_documented_limit_is_refused_with_400_naming_it_and_nothing_is_queued(string field)
    {
        var huge = field == "email" ? new string('a', 1_000_000) + "@example.com" : new string('c', 100_000);
        object envelope = field == "email"
            ? new { channel = "email", messageId = "huge-email", from = new { email = huge, phone = "+14155550123" }, text = "hi" }
            : new { channel = huge, messageId = "huge-channel", from = new { email = "huge@example.com" }, text = "hi" };

        var response = await _hub.PostGenericAsync(envelope);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync<ProblemDto>();
        Assert.Contains(field == "email" ? "from.email" : "'channel'", problem.Detail);
        Assert.True(problem.Detail.Length < 500, "the problem names the field, it does not echo the value");
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task A_long_email_in_a_non_latin_script_within_the_limits_is_accepted_and_stored_whole()
    {
        var text = string.Concat(Enumerable.Repeat("ご注文の配送状況を教えてください。", 10_000)); // 170,000 characters

        await _hub.PostAcceptedAsync(Scenario.Message("long-jp", "email", text, email: "long-jp@example.com"));
        var customer = await _hub.CustomerByAsync("email", "long-jp@example.com");
        var timeline = await _hub.TimelineWithAsync(customer.Id, "long-jp");

        Assert.Equal(text, Assert.Single(timeline.Events, e => e.ProviderMessageId == "long-jp").Text);
    }

    [Theory]
    [InlineData("\u0000", "sms")]
    [InlineData("ok-id", "\u0000")]
    [InlineData("id\u0007with-bell", "sms")]
    [InlineData("  ", "sms")]
    public async Task Nul_only_values_and_control_characters_in_ids_are_refused_with_400(string messageId, string channel)
    {
        var response = await _hub.PostGenericAsync(new { channel, messageId, from = new { phone = "+14155550124" }, text = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task A_1100_character_customer_id_is_a_400_not_a_5xx()
    {
        var response = await _hub.Api().GetAsync("/api/customers/" + new string('c', 1100));
        var timeline = await _hub.Api().GetAsync("/api/customers/" + new string('c', 1100) + "/timeline");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, timeline.StatusCode);
        Assert.Contains("1 to 128 characters", (await response.ReadAsync<ProblemDto>()).Detail);
    }

    [Fact]
    public async Task A_multipart_body_without_its_closing_boundary_is_refused_and_nothing_is_queued()
    {
        var truncated = "--xYzZY\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nAna <ana@example.com>\r\n"
            + "--xYzZY\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nThe first half of the em";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid/inbound/" + ParseSecret) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(truncated)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xYzZY");

        var response = await _hub.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("closing boundary", (await response.ReadAsync<ProblemDto>()).Detail);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task A_signed_x_body_that_is_not_an_account_activity_event_is_400_and_one_with_nothing_tracked_is_200_with_nothing_queued()
    {
        var notAnEvent = await PostXAsync("{\"hello\":\"world\"}"u8.ToArray());
        var invalidUtf8 = await PostXAsync([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        var follow = await PostXAsync("{\"for_user_id\":\"42\",\"follow_events\":[{\"type\":\"follow\"}]}"u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, notAnEvent.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalidUtf8.StatusCode);
        Assert.Equal(HttpStatusCode.OK, follow.StatusCode);
        Assert.Equal(0, (await follow.Content.ReadFromJsonAsync<ReceiptDto>())!.Messages);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    [Fact]
    public async Task Webhook_secrets_and_looked_up_identities_never_reach_the_logs()
    {
        await _hub.CreateClient().PostAsync("/api/webhooks/sendgrid/inbound/" + ParseSecret + "?token=query-secret-value", new StringContent("x"));
        await _hub.CreateClient().GetAsync("/api/customers?email=private.person%40example.com");
        await _hub.Api().GetAsync("/api/customers?email=private.person%40example.com");

        var lines = _logs.Lines;
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(ParseSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("query-secret-value", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("private.person", StringComparison.OrdinalIgnoreCase));
    }

    private Task<HttpResponseMessage> PostXAsync(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/x") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation(XWebhookAdapter.SignatureHeader, "sha256=" + Convert.ToBase64String(Hmac.Sha256(XSecret, body)));
        return _hub.CreateClient().SendAsync(request);
    }

    private sealed record ReceiptDto(string? Id, int Messages);
}

/// <summary>Bodies around Kestrel's own 30,000,000-byte cap need the real server, not the in-memory test server.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OversizeBodyTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_between_kestrels_default_cap_and_the_configured_limit_is_read_and_one_over_the_limit_is_413(bool chunked)
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        hub.Settings["Api:MaxWebhookBodyBytes"] = "31000000";
        hub.UseKestrel(0);
        hub.StartServer();
        using var client = hub.CreateClient();

        // 30.5 MB: over Kestrel's default, under ours. Unsigned, so the adapter refuses it: the point is that it was read.
        var under = await client.SendAsync(Post(new byte[30_500_000], chunked));
        var over = await client.SendAsync(Post(new byte[31_500_000], chunked));

        Assert.Equal(HttpStatusCode.Unauthorized, under.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);
    }

    private static HttpRequestMessage Post(byte[] body, bool chunked)
    {
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/generic/test") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        // A body whose declared length is over the limit is answered before it is read; with 100-continue the
        // client waits for that answer instead of writing into a connection the server is closing.
        request.Headers.ExpectContinue = true;
        return request;
    }
}

/// <summary>Keeps every formatted log line of the host, for tests about what must never be logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class SafeLoggingDefaultsTests
{
    [Fact]
    public void The_server_keeps_request_logging_off_and_its_content_root_in_its_own_folder_whatever_the_working_directory()
    {
        var builder = OmniSupport.Server.ServerDefaults.CreateBuilder([]);

        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(builder.Environment.ContentRootPath));
        Assert.Equal("Warning", OmniSupport.Api.SafeHostDefaults.Settings["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Warning", builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Warning", builder.Configuration["Logging:LogLevel:System.Net.Http"]);
    }

    [Theory]
    [InlineData("/api/webhooks/sendgrid/inbound/s3cr3t", "", "/api/webhooks/sendgrid/inbound/***")]
    [InlineData("/api/webhooks/acs/events", "?secret=abc", "/api/webhooks/acs/events?secret=***")]
    [InlineData("/api/webhooks/meta", "?hub.verify_token=t&hub.challenge=1", "/api/webhooks/meta?hub.verify_token=***&hub.challenge=***")]
    [InlineData("/api/customers", "?email=ana%40example.com", "/api/customers?email=***")]
    public void Request_paths_and_queries_are_redacted_of_secrets_and_identities(string path, string query, string expected)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);

        Assert.Equal("GET " + expected, OmniSupport.Api.RequestRedaction.Describe(context.Request));
    }
}

/// <summary>A body that stops short of its Content-Length, on the real server: never a 5xx, nothing stored.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ShortBodyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubFactory _hub = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _hub = new HubFactory(azurite.ConnectionString);
        _hub.UseKestrel(0);
        _hub.StartServer();
        _http = _hub.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task A_webhook_body_that_stops_short_of_its_content_length_on_an_open_connection_is_a_408_problem()
    {
        var answer = await SendShortAsync(_http.BaseAddress!, closeOurSide: false);

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains("stopped arriving before its declared length", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_closes_its_side_before_the_body_is_complete_is_gone_and_the_hub_answers_the_next_one()
    {
        // Kestrel takes the end of the client's stream for the client leaving: nothing is answered, nothing stored.
        Assert.Equal("", await SendShortAsync(_http.BaseAddress!, closeOurSide: true));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/health")).StatusCode);
        Assert.Equal(0, await _hub.CountAsync("inbound"));
    }

    private static async Task<string> SendShortAsync(Uri hub, bool closeOurSide)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(hub.Host, hub.Port);
        var stream = tcp.GetStream();
        var head = "POST /api/webhooks/generic/test HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\":";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        await stream.FlushAsync();
        if (closeOurSide)
        {
            tcp.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        }

        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
