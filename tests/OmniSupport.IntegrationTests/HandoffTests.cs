using System.Net;
using System.Net.Http.Json;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class HandoffTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    /// <summary>
    /// A handoff as a Dialogflow CX agent's webhook sees it: the matched intent's display name
    /// (WebhookRequest.intentInfo.displayName), the session (sessionInfo.session), the form
    /// parameters collected so far (sessionInfo.parameters, keyed by display name), mapped to the
    /// hub's structured context. Field names per the Dialogflow CX v3 WebhookRequest / SessionInfo
    /// reference (cloud.google.com/dialogflow/cx/docs/reference/rest/v3/WebhookRequest).
    /// </summary>
    private static object DialogflowCxHandoff(string session, string email, string intent = "billing.dispute_charge") => new
    {
        context = new
        {
            platform = "dialogflow-cx",
            sessionId = $"projects/acme/locations/global/agents/support/sessions/{session}",
            intent,
            confidence = 0.87,
            slots = new Dictionary<string, string> { ["account_number"] = "AC-884512", ["charge_amount"] = "129.00", ["charge_date"] = "2026-11-20" },
            stepsAttempted = new[] { "Verified identity by date of birth", "Looked up the charge", "Offered a payment plan (declined)" },
            transcript = new[] { "user: I was charged twice", "bot: I can help with that." },
        },
        customer = new { name = "Dana <Script> Lee", email },
        channel = "chat",
        text = "I was charged twice for my subscription",
    };

    [Fact]
    public async Task A_dialogflow_cx_handoff_card_shows_the_intent_the_account_number_and_the_attempted_steps()
    {
        var response = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", DialogflowCxHandoff("s-100", "dana@example.com"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var conversationId = (await response.JsonAsync()).GetProperty("conversationId").GetString()!;

        var card = await (await _hub.Api(HubFactory.ReadKey).GetAsync($"/api/conversations/{conversationId}/card")).JsonAsync();
        var html = await (await _hub.Api(HubFactory.ReadKey).GetAsync($"/api/conversations/{conversationId}/card?format=html")).Content.ReadAsStringAsync();
        using var textRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{conversationId}/card");
        textRequest.Headers.Add("Accept", "text/plain");
        var text = await (await _hub.Api(HubFactory.ReadKey).SendAsync(textRequest)).Content.ReadAsStringAsync();

        Assert.Equal("billing.dispute_charge", card.GetProperty("issueType").GetString());
        Assert.Equal("dialogflow-cx", card.GetProperty("botPlatform").GetString());
        Assert.Equal("AC-884512", card.GetProperty("collected").GetProperty("account_number").GetString());
        Assert.Equal(3, card.GetProperty("stepsDone").GetArrayLength());
        Assert.Equal("Offered a payment plan (declined)", card.GetProperty("stepsDone")[2].GetString());
        Assert.Equal("Dana <Script> Lee", card.GetProperty("customerName").GetString());
        Assert.Contains(card.GetProperty("lastMessages").EnumerateArray(), m => m.GetProperty("text").GetString() == "I was charged twice for my subscription");
        Assert.Contains("AC-884512", html, StringComparison.Ordinal);
        Assert.Contains("Looked up the charge", html, StringComparison.Ordinal);
        Assert.Contains("Dana &lt;Script&gt; Lee", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Script>", html, StringComparison.Ordinal);
        Assert.Contains("Issue: billing.dispute_charge", text, StringComparison.Ordinal);
        Assert.Contains("account_number: AC-884512", text, StringComparison.Ordinal);
        Assert.Contains("2. Looked up the charge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dialogflow_cx_webhook_through_the_bots_adapter_gives_the_same_card()
    {
        await using var hub = new HubFactory(_hub.ConnectionString);
        hub.Settings["Channels:Bots:Secrets:dialogflow"] = "df-bearer-secret";
        // A Dialogflow CX WebhookRequest (cloud.google.com/dialogflow/cx/docs/reference/rest/v3/WebhookRequest):
        // intentInfo.displayName, sessionInfo.session and .parameters, pageInfo, fulfillmentInfo.tag.
        var body = """
            {
              "detectIntentResponseId": "c0ffee00-1111-4222-8333-944455556666",
              "intentInfo": { "displayName": "billing.dispute_charge", "confidence": 0.81 },
              "pageInfo": { "displayName": "Dispute details" },
              "sessionInfo": {
                "session": "projects/acme/locations/global/agents/support/sessions/df-card-1",
                "parameters": {
                  "email": "webhook-card@example.com",
                  "account_number": "AC-551177",
                  "steps_attempted": ["verified identity", "looked up the charge"]
                }
              },
              "fulfillmentInfo": { "tag": "handoff-to-agent" },
              "text": "I need a person"
            }
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/bots/dialogflow")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer df-bearer-secret");

        var ack = await hub.CreateClient().SendAsync(request);
        Assert.True(ack.IsSuccessStatusCode, $"{(int)ack.StatusCode}");
        var customer = await hub.CustomerByAsync("email", "webhook-card@example.com");
        var timeline = await Eventually.GetAsync(() => hub.TimelineAsync(customer.Id)!, t => t.Events.Any(e => e.ConversationId is not null), because: "the handoff on the timeline");
        var conversationId = timeline.Events.First(e => e.ConversationId is not null).ConversationId;
        var card = await (await hub.Api(HubFactory.ReadKey).GetAsync($"/api/conversations/{conversationId}/card")).JsonAsync();

        Assert.Equal("billing.dispute_charge", card.GetProperty("issueType").GetString());
        Assert.Equal("AC-551177", card.GetProperty("collected").GetProperty("account_number").GetString());
        var steps = card.GetProperty("stepsDone").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("verified identity", steps);
        Assert.Contains("looked up the charge", steps);
    }

    [Fact]
    public async Task A_handoff_joins_the_customers_open_conversation_and_a_repeat_changes_nothing()
    {
        var customer = await _hub.CustomerWithMessageAsync("ho-email-1", "joiner@example.com");
        var open = await _hub.OpenConversationIdAsync(customer.Id, "ho-email-1");

        var first = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", DialogflowCxHandoff("s-200", "joiner@example.com"));
        var again = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", DialogflowCxHandoff("s-200", "joiner@example.com"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(open, (await first.JsonAsync()).GetProperty("conversationId").GetString());
        Assert.Equal(open, (await again.JsonAsync()).GetProperty("conversationId").GetString());
        var timeline = await _hub.TimelineAsync(customer.Id);
        Assert.Single(timeline.Events, e => e.Metadata.GetValueOrDefault("kind") == "handoff");
    }

    [Fact]
    public async Task A_handoff_is_routed_by_the_bots_intent()
    {
        await using var hub = new HubFactory(_hub.ConnectionString);
        hub.Settings["Routing:Rules:0:Name"] = "billing-disputes";
        hub.Settings["Routing:Rules:0:Intent"] = "billing.*";
        hub.Settings["Routing:Rules:0:Channel"] = "chat";
        hub.Settings["Routing:Rules:0:Queue"] = "billing-desk";
        hub.Settings["Routing:Rules:0:Priority"] = "2";
        hub.Settings["Routing:Rules:1:Name"] = "default";
        hub.Settings["Routing:Rules:1:Queue"] = "smb-bot";

        var billing = await (await hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", DialogflowCxHandoff("s-500", "intent1@example.com"))).JsonAsync();
        var shipping = await (await hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", DialogflowCxHandoff("s-501", "intent2@example.com", intent: "shipping.late"))).JsonAsync();

        var billingCard = await (await hub.Api().GetAsync($"/api/conversations/{billing.GetProperty("conversationId").GetString()}/card")).JsonAsync();
        var shippingCard = await (await hub.Api().GetAsync($"/api/conversations/{shipping.GetProperty("conversationId").GetString()}/card")).JsonAsync();
        Assert.Equal("billing-desk", billingCard.GetProperty("queue").GetString());
        Assert.Equal(2, billingCard.GetProperty("priority").GetInt32());
        Assert.Equal("smb-bot", shippingCard.GetProperty("queue").GetString());
    }

    [Fact]
    public async Task A_handoff_without_any_identity_is_400_and_stores_nothing()
    {
        var response = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", new
        {
            context = new { platform = "dialogflow-cx", sessionId = "s-300" },
            customer = new { name = "Nobody" },
            channel = "chat",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Resolving_with_recollected_true_shows_in_the_handoff_report_by_platform_and_intent()
    {
        var a = (await (await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", DialogflowCxHandoff("s-400", "r1@example.com"))).JsonAsync()).GetProperty("conversationId").GetString();
        var b = (await (await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", DialogflowCxHandoff("s-401", "r2@example.com"))).JsonAsync()).GetProperty("conversationId").GetString();

        var unknown = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{a}/resolve", new { code = "made-up", recollected = false });
        var resolvedA = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{a}/resolve", new { code = "refund-issued", recollected = true, notes = "Had to ask for the account number again" });
        var resolvedB = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{b}/resolve", new { code = "refund-issued", recollected = false });
        var from = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");
        var to = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        var report = await (await _hub.Api(HubFactory.ReadKey).GetAsync($"/api/reports/handoffs?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}")).JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolvedA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolvedB.StatusCode);
        Assert.Equal("resolved", (await resolvedA.JsonAsync()).GetProperty("status").GetString());
        Assert.True((await resolvedA.JsonAsync()).GetProperty("disposition").GetProperty("recollected").GetBoolean());
        var line = Assert.Single(report.GetProperty("byPlatformAndIntent").EnumerateArray());
        Assert.Equal("dialogflow-cx", line.GetProperty("platform").GetString());
        Assert.Equal("billing.dispute_charge", line.GetProperty("intent").GetString());
        Assert.Equal(2, line.GetProperty("resolved").GetInt32());
        Assert.Equal(1, line.GetProperty("recollected").GetInt32());
        Assert.Equal(0.5, line.GetProperty("recollectionRate").GetDouble());
    }
}
