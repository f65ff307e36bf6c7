using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OmniSupport.TestUtilities;
using static Microsoft.Playwright.Assertions;

namespace OmniSupport.Console.Tests;

/// <summary>The supervisor view on the real SLA engine (Durable Task on Azurite) with a policy of seconds.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SupervisorViewTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _policyFile = Path.Combine(Path.GetTempPath(), $"console-sla-{Guid.NewGuid():N}.json");
    private ConsoleHub _hub = null!;

    public Task InitializeAsync()
    {
        File.WriteAllText(_policyFile, """
        {
          "policies": [
            { "name": "sms", "channel": "sms", "firstResponse": "15s" },
            { "name": "chat", "channel": "chat", "firstResponse": "30m" },
            { "name": "default", "channel": "*", "firstResponse": "1h" }
          ]
        }
        """);
        _hub = new ConsoleHub(azurite.ConnectionString);
        _hub.Settings["Durable:Enabled"] = "true";
        _hub.Settings["Durable:PartitionCount"] = "1";
        _hub.Settings["Durable:MaxQueuePollingIntervalMilliseconds"] = "500";
        _hub.Settings["Sla:PolicyFile"] = _policyFile;
        _hub.Settings["Sla:SurveysEnabled"] = "false";
        _hub.Settings["Routing:Rules:0:Name"] = "sms-to-billing";
        _hub.Settings["Routing:Rules:0:Channel"] = "sms";
        _hub.Settings["Routing:Rules:0:Queue"] = "billing";
        _hub.Settings["Routing:Rules:0:Priority"] = "5";
        _hub.Settings["Routing:Rules:1:Name"] = "the-rest";
        _hub.Settings["Routing:Rules:1:Queue"] = "general";
        _hub.Settings["Routing:Rules:1:Priority"] = "3";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        File.Delete(_policyFile);
    }

    private static int Seconds(string countdown)
    {
        // "-1h 02m 03s" or "29m 58s"
        var negative = countdown.StartsWith('-');
        var total = 0;
        foreach (var part in countdown.TrimStart('-').Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var n = int.Parse(part[..^1], CultureInfo.InvariantCulture);
            total += part[^1] switch { 'h' => n * 3600, 'm' => n * 60, _ => n };
        }

        return negative ? -total : total;
    }

    [Fact]
    public async Task Supervisor_sees_two_queues_side_by_side_with_live_countdowns_a_breach_in_red_and_a_move_with_a_reason_in_the_other_queue_and_the_audit()
    {
        await _hub.PostMessageAsync("chat-1", "chat", "Can I change my plan?", email: "omar@example.com", name: "Omar");
        var (omar, chat) = await _hub.ConversationOfAsync("email", "omar@example.com");

        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.AgentKey);
        await page.GotoAsync("/console/supervisor.html");
        await Expect(page.Locator("#live")).ToContainTextAsync("server-sent events", new() { Timeout = 90_000 });
        var general = page.Locator("section.queue[data-queue=general]");
        await Expect(general.Locator($"tr[data-conversation={chat}]")).ToBeVisibleAsync(new() { Timeout = 90_000 });

        // A new conversation appears without a reload (the stream), in its own queue beside the first.
        await _hub.PostMessageAsync("sms-1", "sms", "Why was I billed twice?", phone: "+14155550123");
        var (_, sms) = await _hub.ConversationOfAsync("phone", "+14155550123");
        var billing = page.Locator("section.queue[data-queue=billing]");
        await Expect(billing.Locator($"tr[data-conversation={sms}]")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        var (left, right) = ((await billing.BoundingBoxAsync())!, (await general.BoundingBoxAsync())!);
        Assert.Equal(left.Y, right.Y);
        Assert.True(left.X + left.Width <= right.X, "billing and general side by side");

        // The chat's countdown runs down from its absolute due time, once a second.
        var chatCountdown = general.Locator($"tr[data-conversation={chat}] .countdown");
        var first = Seconds(await chatCountdown.InnerTextAsync());
        Assert.InRange(first, 25 * 60, 30 * 60);
        await Eventually.GetAsync(async () => (object?)(Seconds(await chatCountdown.InnerTextAsync()) < first ? "" : null), because: "the countdown to decrease");
        await Expect(chatCountdown).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("breached"));

        // The SMS's 15 s pass: its time left goes negative and red.
        var smsCountdown = billing.Locator($"tr[data-conversation={sms}] .countdown");
        await Expect(smsCountdown).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bbreached\\b"), new() { Timeout = 60_000 });
        Assert.StartsWith("-", await smsCountdown.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("rgb(179, 38, 30)", await smsCountdown.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await BrowserFixture.ScreenshotAsync(page, "supervisor-queues");

        // Move the chat to billing with a reason.
        await page.GetByLabel("Conversation", new() { Exact = true }).SelectOptionAsync(chat);
        await page.GetByLabel("To queue").FillAsync("billing");
        await page.GetByLabel("Priority (0-100)").FillAsync("80");
        await page.GetByLabel("Reason").FillAsync("Enterprise customer waiting over five minutes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync($"Moved {chat} to billing at priority 80");
        await Expect(billing.Locator($"tr[data-conversation={chat}]")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(billing.Locator($"tr[data-conversation={chat}] .priority")).ToHaveTextAsync("80");
        await Expect(page.Locator("section.queue[data-queue=general]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "supervisor-after-move");

        // In the audit under the key that signed in, on the customer's trail; the reason on the timeline.
        var audit = await _hub.GetAsync<JsonElement>($"/api/audit?customerId={omar}");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray().Select(c => c.GetProperty("entry")), e =>
            e.GetProperty("actor").GetString() == "api-key:agent-maria"
            && e.GetProperty("action").GetString() == "POST api/conversations/{id}/queue"
            && e.GetProperty("resource").GetString() == $"/api/conversations/{chat}/queue");
        var timeline = await _hub.GetAsync<JsonElement>($"/api/customers/{omar}/timeline?pageSize=20");
        Assert.Contains(timeline.GetProperty("events").EnumerateArray(), e =>
            e.GetProperty("metadata").TryGetProperty("reason", out var r) && r.GetString() == "Enterprise customer waiting over five minutes");
        Assert.Empty(errors);
    }
}
