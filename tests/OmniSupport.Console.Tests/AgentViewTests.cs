using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OmniSupport.TestUtilities;
using static Microsoft.Playwright.Assertions;

namespace OmniSupport.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class AgentViewTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private readonly ConsoleHub _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<string> TimelineHoldsAsync(string email, int events)
    {
        var customer = await Eventually.GetAsync(async () =>
        {
            using var client = _hub.Http();
            var response = await client.GetAsync($"/api/customers?email={Uri.EscapeDataString(email)}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() is var c ? c.GetProperty("id").GetString() : null : null;
        }, because: $"the customer {email}");
        await Eventually.GetAsync(
            () => _hub.GetAsync<JsonElement>($"/api/customers/{customer}/timeline?pageSize=50").ContinueWith(t => (object?)t.Result),
            t => ((JsonElement)t).GetProperty("events").GetArrayLength() >= events,
            because: $"{events} events on the timeline");
        return customer!;
    }

    [Fact]
    public async Task Agent_finds_the_customer_sees_email_chat_and_x_on_one_timeline_and_replies_on_x_into_the_outbox()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await _hub.PostMessageAsync("em-1", "email", "My kettle arrived broken.", email: "ana@example.com", name: "Ana Silva", sentAt: start);
        await _hub.PostMessageAsync("ch-1", "chat", "Any news about the kettle?", email: "ana@example.com", sentAt: start.AddMinutes(3));
        await _hub.PostMessageAsync("x-1", "x", "@acme still waiting on my kettle", email: "ana@example.com", handles: new() { ["x"] = "4455667" }, sentAt: start.AddMinutes(6));
        await TimelineHoldsAsync("ana@example.com", 3);

        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.AgentKey);
        await page.GetByLabel("Find customer by").SelectOptionAsync("email");
        await page.GetByLabel("Value").FillAsync("ana@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).First.ClickAsync();

        var timeline = page.Locator("#timeline");
        await Expect(timeline.Locator("li[data-direction=inbound]")).ToHaveCountAsync(3);
        Assert.Equal(["x", "chat", "email"], await timeline.Locator("li[data-direction=inbound]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.channel)"));
        await Expect(timeline.Locator("li[data-channel=email] .badge svg.icon.ch-email")).ToBeVisibleAsync();
        await Expect(timeline).ToContainTextAsync("My kettle arrived broken.");
        await Expect(page.Locator("#identities")).ToContainTextAsync("4455667");
        await Expect(page.Locator("#journey")).ToHaveTextAsync("emailchatx");

        // The reply box defaults to where she last wrote: X.
        await Expect(page.GetByLabel("Channel", new() { Exact = true })).ToHaveValueAsync("x");
        await page.GetByLabel("Message").FillAsync("Sorry Ana, a new kettle ships today.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Reply queued on x");
        await Expect(timeline.Locator("li[data-direction=outbound][data-channel=x]")).ToContainTextAsync("a new kettle ships today");

        var sent = await Eventually.GetAsync(async () =>
        {
            var outbox = await _hub.GetAsync<JsonElement>("/api/admin/outbox");
            return outbox.EnumerateArray().Select(m => (JsonElement?)m).FirstOrDefault(m => m!.Value.GetProperty("text").GetString() == "Sorry Ana, a new kettle ships today.") is { } m ? (object)m : null;
        }, because: "the reply in the local outbox");
        var message = (JsonElement)sent;
        Assert.Equal("x", message.GetProperty("channel").GetString());
        Assert.Equal("4455667", message.GetProperty("to").GetString());
        Assert.Equal("agent-maria", message.GetProperty("actor").GetString());
        await page.ReloadAsync();
        await Expect(timeline.Locator("li[data-direction=outbound][data-channel=x]")).ToContainTextAsync("outbound · sent");
        await BrowserFixture.ScreenshotAsync(page, "agent-timeline");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Handoff_card_shows_the_dialogflow_intent_and_the_collected_account_number_above_the_conversation()
    {
        using var admin = _hub.Http();
        var response = await admin.PostAsJsonAsync("/api/handoffs", new
        {
            context = new
            {
                platform = "dialogflow-cx",
                sessionId = "projects/acme/locations/global/agents/support/sessions/s-42",
                intent = "billing.dispute_charge",
                confidence = 0.87,
                slots = new Dictionary<string, string> { ["account_number"] = "AC-884512", ["charge_amount"] = "129.00" },
                stepsAttempted = new[] { "Verified identity", "Looked up the charge" },
                transcript = new[] { "user: I was charged twice", "bot: I see two charges of 129.00" },
            },
            customer = new { name = "Dana Lee", email = "dana@example.com" },
            channel = "chat",
            text = "I was charged twice",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var conversationId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetString()!;

        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.AgentKey);
        await page.GotoAsync($"/console/agent.html?conversation={conversationId}");

        var card = page.Locator("#handoff");
        await Expect(card).ToContainTextAsync("dialogflow-cx");
        await Expect(page.Locator("#handoff-intent")).ToHaveTextAsync("billing.dispute_charge");
        await Expect(page.Locator("#handoff-collected")).ToContainTextAsync("account_number");
        await Expect(page.Locator("#handoff-collected")).ToContainTextAsync("AC-884512");
        await Expect(page.Locator("#handoff-steps li")).ToHaveTextAsync(["Verified identity", "Looked up the charge"]);
        await Expect(page.Locator("#handoff-transcript")).ToContainTextAsync("I was charged twice");

        // The card is on top: above the conversation's own details.
        var cardTop = (await card.BoundingBoxAsync())!.Y;
        var headTop = (await page.Locator("#conversation-h").BoundingBoxAsync())!.Y;
        Assert.True(cardTop < headTop, "the handoff card comes before the conversation");
        await BrowserFixture.ScreenshotAsync(page, "agent-handoff-card");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Agent_reads_a_kb_article_rendered_for_the_reply_channel_and_resolves_with_a_disposition_and_recollected()
    {
        await _hub.PostMessageAsync("sms-1", "sms", "How do I dispute a charge?", phone: "+14155550142", email: "li@example.com");
        await TimelineHoldsAsync("li@example.com", 1);
        using var admin = _hub.Http();
        (await admin.PostAsJsonAsync("/api/kb/articles", new
        {
            id = "dispute-a-charge",
            title = "Dispute a charge",
            markdown = "1. Open *Settings* and choose **Billing**.\n2. Select the charge and press `Dispute`.",
            tags = new[] { "billing" },
        })).EnsureSuccessStatusCode();

        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.AgentKey);
        await page.GetByLabel("Value").FillAsync("li@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).First.ClickAsync();
        await Expect(page.GetByLabel("Channel", new() { Exact = true })).ToHaveValueAsync("sms");

        await page.GetByLabel("Search articles").FillAsync("dispute charge");
        await page.Locator("#kb").GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Dispute a charge" }).ClickAsync();
        var article = page.Locator("#kb-article .article");
        await Expect(article).ToHaveAttributeAsync("data-channel", "sms");
        await Expect(article).ToContainTextAsync("Billing");
        Assert.DoesNotContain("**", await article.InnerTextAsync(), StringComparison.Ordinal); // plain text for SMS, no Markdown marks

        // Switching the reply to email renders the article as HTML.
        await page.GetByLabel("Channel", new() { Exact = true }).SelectOptionAsync("email");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dispute a charge" }).ClickAsync();
        await Expect(page.Locator("#kb-article .article[data-channel=email] strong")).ToHaveTextAsync("Billing");
        await BrowserFixture.ScreenshotAsync(page, "agent-knowledge-base");

        await page.GetByLabel("Disposition code").FillAsync("resolved");
        await page.GetByLabel("Had to re-collect").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve conversation" }).ClickAsync();
        await Expect(page.Locator("#conversation-status")).ToHaveTextAsync("resolved (resolved)");
        var conversationId = page.Url.Split("conversation=")[1];
        var conversation = await _hub.GetAsync<JsonElement>($"/api/conversations/{conversationId}");
        Assert.True(conversation.GetProperty("disposition").GetProperty("recollected").GetBoolean());
        Assert.Empty(errors);
    }
}
