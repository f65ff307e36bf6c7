using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OmniSupport.TestUtilities;
using static Microsoft.Playwright.Assertions;

namespace OmniSupport.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class SignInTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private static readonly string[] Pages = ["index.html", "agent.html", "supervisor.html", "staff.html", "journeys.html"];
    private readonly ConsoleHub _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_wrong_key_cannot_sign_in_and_without_the_cookie_or_a_key_no_page_data_or_api_answer_comes_back()
    {
        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, _) = await ConsolePage.OpenAsync(context);

        await ConsolePage.SignInAsync(page, "not-a-key-of-this-hub");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That key was not accepted.");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "omnisupport_session");
        await BrowserFixture.ScreenshotAsync(page, "sign-in-refused");

        // A view opened without a session shows nothing and sends the browser to the sign-in page.
        // Waits for the response only: the page sends the browser on before its own load may fire, so that load is not awaited.
        await page.GotoAsync("/console/supervisor.html", new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new Regex("/console/\\?next=supervisor\\.html$"));
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();

        // The API answers nothing to the browser without the cookie, nor to a client without a key.
        var fromBrowser = await context.APIRequest.GetAsync("/api/queues");
        Assert.Equal(401, fromBrowser.Status);
        using var anonymous = _hub.Http(key: null);
        foreach (var path in new[] { "/api/session", "/api/queues", "/api/queues/stream", "/api/customers?email=ana@example.com", "/api/admin/outbox" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }

        // A forged cookie is no session either.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/queues");
        forged.Headers.Add("Cookie", "omnisupport_session=oss_forged");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task Signing_in_exchanges_the_key_for_an_http_only_strict_cookie_the_api_accepts_and_signing_out_ends_the_session()
    {
        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.AgentKey);

        await Expect(page.Locator("#who")).ToHaveTextAsync("agent-maria (write)");
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "omnisupport_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.False(cookie.Secure); // http on loopback; Secure is set on https
        Assert.Equal("/", cookie.Path);
        Assert.Equal(200, (await context.APIRequest.GetAsync("/api/queues")).Status);

        // What the key may not do, the cookie may not do either.
        Assert.Equal(403, (await context.APIRequest.GetAsync("/api/admin/outbox")).Status);

        // The session is stored only as a hash: the token itself is nowhere in the Sessions table.
        var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, _hub.Prefix + "Sessions");
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            rows.Add(row);
        }

        var stored = Assert.Single(rows);
        Assert.Equal(OmniSupport.Core.Security.StartSession.HashOf(cookie.Value), stored.PartitionKey);
        Assert.DoesNotContain(rows.SelectMany(r => r.Select(p => p.Value)).OfType<string>(), v => v.Contains(cookie.Value, StringComparison.Ordinal));
        await BrowserFixture.ScreenshotAsync(page, "signed-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("signedOut=1$"));
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "omnisupport_session");

        // The old token, replayed, is refused: the session is gone from storage, not only from the browser.
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        replay.Headers.Add("Cookie", "omnisupport_session=" + cookie.Value);
        using var anonymous = _hub.Http(key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(replay)).StatusCode);

        // Sign-in, the page's calls and the sign-out are in the audit log under the key's id.
        var day = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var audit = await Eventually.GetAsync(async () =>
        {
            using var admin = _hub.Http();
            var text = await admin.GetStringAsync($"/api/audit/export/{day}");
            return text.Contains("DELETE api/session", StringComparison.Ordinal) ? text : null;
        }, because: "the sign-out in the day's audit export");
        var lines = audit.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("api-key:agent-maria", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains("POST api/session", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("GET api/session", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("DELETE api/session", StringComparison.Ordinal));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_page_is_served_with_a_content_security_policy_and_holds_no_inline_script()
    {
        using var client = _hub.Http(key: null);
        foreach (var name in Pages)
        {
            var response = await client.GetAsync("/console/" + name);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineHandler(), html);
            Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console/vendor/echarts.min.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/console/../appsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/console/nothing.html")).StatusCode);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
