using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Surveys;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// Issue 13 on the real Server and Azurite: four known journeys seeded through signed webhooks (and
/// the bots webhook), replies and resolutions through the API, on a fake clock so every time is exact:
/// <list type="bullet">
/// <item>Ana: chat → voice → email, resolved on the third contact (an email reply after the chat; SLA breached; survey 2 Y; tier gold).</item>
/// <item>Ben: email, resolved on the first contact (survey 5 N).</item>
/// <item>Cy: sms, resolved, then back by sms 30 h later (a repeat contact within 48 h).</item>
/// <item>Dee: a bot hands her over on chat, she writes once more on chat (one handoff, two contacts).</item>
/// </list>
/// The SLA engine (Durable) is off in these tests, so the SLA status rows it would write are written
/// through its store (Ana breached, Ben and Cy met, Dee none); the surveys it would send likewise.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class JourneyAnalyticsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string BotSecret = "journey-bot-secret";
    private static readonly DateTimeOffset T0 = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);
    private const string Window = "from=2026-10-05T00:00:00Z&to=2026-10-12T00:00:00Z";

    private readonly HubFactory _hub = new(azurite.ConnectionString);
    private readonly FakeTimeProvider _clock = new(T0);

    public Task InitializeAsync()
    {
        _hub.FastRetries();
        _hub.Settings["Channels:Bots:Secrets:generic"] = BotSecret;
        _hub.Settings["Routing:Rules:0:Name"] = "bots";
        _hub.Settings["Routing:Rules:0:Intent"] = "billing*";
        _hub.Settings["Routing:Rules:0:Queue"] = "bots";
        _hub.Settings["Routing:Rules:1:Name"] = "sms";
        _hub.Settings["Routing:Rules:1:Channel"] = "sms";
        _hub.Settings["Routing:Rules:1:Queue"] = "sms-desk";
        _hub.Settings["Routing:Rules:2:Name"] = "everyone else";
        _hub.Settings["Routing:Rules:2:Queue"] = "general";
        _hub.TestServices = services => services.AddSingleton<TimeProvider>(_clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private sealed record Seeded(string Ana, string Ben, string Cy, string Dee, string A, string B, string C, string C2, string D);

    [Fact]
    public async Task Known_journeys_give_exact_metrics_paths_sankey_drill_down_and_export()
    {
        var s = await SeedAsync();
        var api = _hub.Api(HubFactory.ReadKey);

        // Every inbound and outbound event carries its journey step.
        var anaTimeline = await _hub.TimelineAsync(s.Ana);
        Assert.Equal(
            [
                ("a-1", "1", "chat", "", "inbound", "false"),
                ("reply", "2", "email", "chat", "outbound", "true"),
                ("a-2", "3", "voice", "email", "inbound", "true"),
                ("a-3", "4", "email", "voice", "inbound", "true"),
                ("survey", "5", "email", "email", "inbound", "false"),
            ],
            anaTimeline.Events.Where(e => e.Direction is "inbound" or "outbound").OrderBy(e => e.OccurredAt)
                .Select(e => (e.Direction == "outbound" ? "reply" : e.Metadata.GetValueOrDefault("kind") == "survey-answer" ? "survey" : e.ProviderMessageId!,
                    e.Metadata["journey_step"], e.Metadata["journey_channel"], e.Metadata.GetValueOrDefault("journey_previous_channel") ?? "",
                    e.Metadata["journey_direction"], e.Metadata["journey_switched_channel"])));
        Assert.All(anaTimeline.Events.Where(e => e.Direction is "inbound" or "outbound"), e => Assert.Equal(s.A, e.Metadata["journey_id"]));
        var cyRepeat = (await _hub.TimelineAsync(s.Cy)).Events.Single(e => e.ProviderMessageId == "c-2");
        Assert.Equal((s.C, "3", "sms", "false"), (cyRepeat.Metadata["journey_id"], cyRepeat.Metadata["journey_step"], cyRepeat.Metadata["journey_previous_channel"], cyRepeat.Metadata["journey_switched_channel"]));

        // The metrics.
        var report = await (await api.GetAsync("/api/analytics/journeys?" + Window)).JsonAsync();
        Assert.Equal(T0.Date, report.GetProperty("from").GetDateTimeOffset().UtcDateTime);
        Assert.Equal(4, report.GetProperty("resolvedJourneys").GetInt32());
        Assert.Equal(4, report.GetProperty("uniqueCustomers").GetInt32());
        Assert.Equal(0.25, report.GetProperty("firstContactResolutionRate").GetDouble()); // Ben only: Cy came back
        Assert.Equal((1.75, 1, 3), Triple(report.GetProperty("contactsPerResolution"))); // 1,1,2,3
        Assert.Equal(0.25, report.GetProperty("channelSwitchRate").GetDouble());
        var repeat = report.GetProperty("repeatContactRate");
        Assert.Equal((0.0, 0.25, 0.25), (repeat.GetProperty("h24").GetDouble(), repeat.GetProperty("h48").GetDouble(), repeat.GetProperty("d7").GetDouble()));
        Assert.Equal((120, 900), Pair(report.GetProperty("timeToFirstResponseSeconds"))); // 60,120,600,900
        Assert.Equal((1800, 3600), Pair(report.GetProperty("timeToResolutionSeconds"))); // 600,1800,2400,3600
        Assert.Equal(0.6667, report.GetProperty("slaMetRate").GetDouble()); // 2 of the 3 with an SLA row

        Assert.Equal(
            [
                "chat|1|0.25|2|3600|0|null|null",
                "chat>voice>email|1|0.25|3|2400|0|2|1",
                "email|1|0.25|1|1800|0|5|0",
                "sms|1|0.25|1|600|1|null|null",
            ],
            report.GetProperty("topPaths").EnumerateArray().Select(p => string.Join('|',
                p.GetProperty("path").GetString(), p.GetProperty("count"), p.GetProperty("share"), p.GetProperty("medianContacts"),
                p.GetProperty("medianResolutionSeconds"), p.GetProperty("repeatRate"), Raw(p.GetProperty("csatAverage")), Raw(p.GetProperty("hadToRepeatShare")))));

        var sankey = report.GetProperty("sankey");
        Assert.Equal(["chat#1", "email#1", "sms#1", "voice#2", "email#3", "resolved"], sankey.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(
            ["chat#1>resolved:1", "chat#1>voice#2:1", "email#1>resolved:1", "sms#1>resolved:1", "voice#2>email#3:1", "email#3>resolved:1"],
            Links(sankey));

        // Small paths grouped as "other" when only the top two are shown.
        var top2 = await (await api.GetAsync("/api/analytics/journeys?top=2&" + Window)).JsonAsync();
        Assert.Equal(["chat", "chat>voice>email"], top2.GetProperty("topPaths").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        Assert.Equal(["chat#1>resolved:1", "chat#1>voice#2:1", "other#1>resolved:2", "voice#2>email#3:1", "email#3>resolved:1"], Links(top2.GetProperty("sankey")));

        // Filters.
        Assert.Equal(1, (await (await api.GetAsync("/api/analytics/journeys?channel=voice&" + Window)).JsonAsync()).GetProperty("resolvedJourneys").GetInt32());
        Assert.Equal(1, (await (await api.GetAsync("/api/analytics/journeys?tier=gold&" + Window)).JsonAsync()).GetProperty("resolvedJourneys").GetInt32());
        var general = await (await api.GetAsync("/api/analytics/journeys?queue=general&" + Window)).JsonAsync();
        Assert.Equal(["chat>voice>email", "email"], general.GetProperty("topPaths").EnumerateArray().Select(p => p.GetProperty("path").GetString()));
        var empty = await (await api.GetAsync("/api/analytics/journeys?from=2026-09-01T00:00:00Z&to=2026-09-02T00:00:00Z")).JsonAsync();
        Assert.Equal(0, empty.GetProperty("resolvedJourneys").GetInt32());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("firstContactResolutionRate").ValueKind);

        // Drill-down: the conversations behind a path.
        var drill = await (await api.GetAsync("/api/analytics/journeys/conversations?path=" + Uri.EscapeDataString("chat>voice>email") + "&" + Window)).JsonAsync();
        var item = Assert.Single(drill.GetProperty("items").EnumerateArray());
        Assert.Equal(s.A, item.GetProperty("conversationId").GetString());
        Assert.Equal(s.Ana, item.GetProperty("customerId").GetString());
        Assert.Equal("chat>voice>email", item.GetProperty("path").GetString());
        Assert.Equal(3, item.GetProperty("contacts").GetInt32());
        Assert.Equal(T0, item.GetProperty("openedAt").GetDateTimeOffset());
        Assert.Equal(T0.AddMinutes(40), item.GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Equal(2400, item.GetProperty("resolutionSeconds").GetDouble());
        Assert.False(item.GetProperty("slaMet").GetBoolean());
        Assert.Equal(2, item.GetProperty("csat").GetInt32());
        Assert.Equal(JsonValueKind.Null, drill.GetProperty("continuationToken").ValueKind);
        var sms = await (await api.GetAsync("/api/analytics/journeys/conversations?path=sms&" + Window)).JsonAsync();
        Assert.Equal([s.C], sms.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("conversationId").GetString())); // the repeat is part of Cy's journey

        // Export: one row per resolved conversation, the repeat contact included, oldest resolution first.
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, "/api/analytics/journeys/export?" + Window);
        csvRequest.Headers.Add("Accept", "text/csv");
        var csvResponse = await api.SendAsync(csvRequest);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "conversationId,journeyId,repeatOf,customerId,tier,queue,path,contacts,channelSwitches,agentReplies,handoffs,openedAt,resolvedAt,firstResponseSeconds,resolutionSeconds,slaMet,disposition,recollected,csat,hadToRepeat,repeatWithin24h,repeatWithin48h,repeatWithin7d",
                $"{s.A},{s.A},,{s.Ana},gold,general,chat>voice>email,3,2,1,0,2026-10-05T09:00:00.000Z,2026-10-05T09:40:00.000Z,120,2400,false,refund-issued,true,2,true,false,false,false",
                $"{s.B},{s.B},,{s.Ben},,general,email,1,0,1,0,2026-10-05T10:00:00.000Z,2026-10-05T10:30:00.000Z,900,1800,true,resolved,false,5,false,false,false,false",
                $"{s.C},{s.C},,{s.Cy},,sms-desk,sms,1,0,1,0,2026-10-05T11:00:00.000Z,2026-10-05T11:10:00.000Z,60,600,true,resolved,false,,,false,true,true",
                $"{s.D},{s.D},,{s.Dee},,bots,chat,2,0,1,1,2026-10-05T12:00:00.000Z,2026-10-05T13:00:00.000Z,600,3600,,resolved,true,,,false,false,false",
                $"{s.C2},{s.C},{s.C},{s.Cy},,sms-desk,sms,1,0,0,0,2026-10-06T17:10:00.000Z,2026-10-06T17:30:00.000Z,,1200,,resolved,false,,,false,false,false",
            ],
            csv);

        using var ndjsonRequest = new HttpRequestMessage(HttpMethod.Get, "/api/analytics/journeys/export?" + Window);
        ndjsonRequest.Headers.Add("Accept", "application/x-ndjson");
        var ndjsonResponse = await api.SendAsync(ndjsonRequest);
        Assert.Equal("application/x-ndjson", ndjsonResponse.Content.Headers.ContentType?.MediaType);
        var rows = (await ndjsonResponse.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([s.A, s.B, s.C, s.D, s.C2], rows.Select(r => r.GetProperty("conversationId").GetString()));
        Assert.Equal("chat>voice>email", rows[0].GetProperty("path").GetString());
        Assert.Equal(2, rows[0].GetProperty("channelSwitches").GetInt32());
        Assert.Equal(1, rows[3].GetProperty("handoffs").GetInt32());
        Assert.True(rows[2].GetProperty("repeatWithin48h").GetBoolean());
        Assert.Equal(s.C, rows[4].GetProperty("repeatOf").GetString());
    }

    [Fact]
    public async Task Bad_analytics_requests_are_refused_with_a_reason()
    {
        var api = _hub.Api(HubFactory.ReadKey);

        var noPath = await api.GetAsync("/api/analytics/journeys/conversations?" + Window);
        var backwards = await api.GetAsync("/api/analytics/journeys?from=2026-10-12T00:00:00Z&to=2026-10-05T00:00:00Z");
        var badTop = await api.GetAsync("/api/analytics/journeys?top=0");
        var badToken = await api.GetAsync("/api/analytics/journeys/conversations?path=sms&continuationToken=nonsense&" + Window);
        using var xml = new HttpRequestMessage(HttpMethod.Get, "/api/analytics/journeys/export?" + Window);
        xml.Headers.Add("Accept", "application/xml");
        var notAcceptable = await api.SendAsync(xml);
        var noKey = await _hub.CreateClient().GetAsync("/api/analytics/journeys");

        Assert.Equal(HttpStatusCode.BadRequest, noPath.StatusCode);
        Assert.Contains("path", (await noPath.ReadAsync<ProblemDto>()).Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTop.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    private async Task<Seeded> SeedAsync()
    {
        var sla = _hub.Services.GetRequiredService<ISlaStatusStore>();
        var surveys = _hub.Services.GetRequiredService<ISurveyStore>();

        // Ana: chat, an email reply, voice, email; resolved on the third contact.
        await PostAsync(Scenario.Message("a-1", "chat", "My order never came", email: "ana@example.com", sentAt: _clock.GetUtcNow()));
        await PostAsync(Scenario.Message("a-1", "chat", "My order never came", email: "ana@example.com", sentAt: _clock.GetUtcNow())); // the provider retried
        var ana = await _hub.CustomerByAsync("email", "ana@example.com");
        var a = await _hub.OpenConversationIdAsync(ana.Id, "a-1");
        await ReplyAsync(ana.Id, a, "email", T0.AddMinutes(2));
        await AtAsync(T0.AddMinutes(10), () => PostAsync(Scenario.Message("a-2", "voice", "Calling about my order", email: "ana@example.com", phone: "+14155550101", sentAt: _clock.GetUtcNow())));
        await _hub.TimelineWithAsync(ana.Id, "a-2");
        await AtAsync(T0.AddMinutes(30), () => PostAsync(Scenario.Message("a-3", "email", "Here is the order number", email: "ana@example.com", sentAt: _clock.GetUtcNow())));
        await _hub.TimelineWithAsync(ana.Id, "a-3");
        Assert.True((await _hub.Api(HubFactory.WriteKey).PatchJsonAsync($"/api/customers/{ana.Id}/attributes", new { tier = "gold" })).IsSuccessStatusCode);
        await sla.SaveAsync(Status(a, ana.Id, breached: true), CancellationToken.None);
        await ResolveAsync(a, "refund-issued", recollected: true, T0.AddMinutes(40));
        await SurveyAsync(surveys, a, ana.Id, "email", T0.AddMinutes(45), "2 Y", "ana@example.com", null, T0.AddMinutes(50));

        // Ben: one email, one reply, resolved.
        await AtAsync(T0.AddHours(1), () => PostAsync(Scenario.Message("b-1", "email", "How do I change my address?", email: "ben@example.com", sentAt: _clock.GetUtcNow())));
        var ben = await _hub.CustomerByAsync("email", "ben@example.com");
        var b = await _hub.OpenConversationIdAsync(ben.Id, "b-1");
        await ReplyAsync(ben.Id, b, "email", T0.AddHours(1).AddMinutes(15));
        await sla.SaveAsync(Status(b, ben.Id, breached: false), CancellationToken.None);
        await ResolveAsync(b, "resolved", recollected: false, T0.AddHours(1).AddMinutes(30));
        await SurveyAsync(surveys, b, ben.Id, "email", T0.AddHours(1).AddMinutes(31), "5 N", "ben@example.com", null, T0.AddHours(1).AddMinutes(40));

        // Cy: one sms, one reply, resolved; back 30 hours later.
        await AtAsync(T0.AddHours(2), () => PostAsync(Scenario.Message("c-1", "sms", "Where is my refund?", phone: "+14155550103", sentAt: _clock.GetUtcNow())));
        var cy = await _hub.CustomerByAsync("phone", "+14155550103");
        var c = await _hub.OpenConversationIdAsync(cy.Id, "c-1");
        await ReplyAsync(cy.Id, c, "sms", T0.AddHours(2).AddMinutes(1));
        await sla.SaveAsync(Status(c, cy.Id, breached: false), CancellationToken.None);
        await ResolveAsync(c, "resolved", recollected: false, T0.AddHours(2).AddMinutes(10));

        // Dee: a bot hands her over on chat, she writes again, an email reply, resolved.
        await AtAsync(T0.AddHours(3), () => PostBotHandoffAsync("dee-session", "dee@example.com"));
        var dee = await _hub.CustomerByAsync("email", "dee@example.com");
        var handoff = await Eventually.GetAsync(() => _hub.TimelineAsync(dee.Id)!, t => t.Events.Any(e => e.Metadata.GetValueOrDefault("kind") == "handoff"), because: "the handoff");
        var d = handoff.Events.First(e => e.Metadata.GetValueOrDefault("kind") == "handoff").ConversationId!;
        await AtAsync(T0.AddHours(3).AddMinutes(5), () => PostAsync(Scenario.Message("d-2", "chat", "Still there?", email: "dee@example.com", sentAt: _clock.GetUtcNow())));
        await _hub.TimelineWithAsync(dee.Id, "d-2");
        await ReplyAsync(dee.Id, d, "email", T0.AddHours(3).AddMinutes(10));
        await ResolveAsync(d, "resolved", recollected: true, T0.AddHours(4));

        // Cy again, 30 h after the resolution: a new conversation that rejoins Cy's journey.
        await AtAsync(T0.AddHours(2).AddMinutes(10).AddHours(30), () => PostAsync(Scenario.Message("c-2", "sms", "The refund still is not there", phone: "+14155550103", sentAt: _clock.GetUtcNow())));
        var c2 = await _hub.OpenConversationIdAsync(cy.Id, "c-2");
        Assert.NotEqual(c, c2);
        await ResolveAsync(c2, "resolved", recollected: false, T0.AddHours(2).AddMinutes(10).AddHours(30).AddMinutes(20));

        return new Seeded(ana.Id, ben.Id, cy.Id, dee.Id, a, b, c, c2, d);
    }

    private async Task AtAsync(DateTimeOffset at, Func<Task> act)
    {
        _clock.SetUtcNow(at);
        await act();
    }

    private async Task PostAsync(object envelope)
    {
        var response = await _hub.PostGenericAsync(envelope, timestamp: _clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task PostBotHandoffAsync(string session, string email)
    {
        var body = JsonSerializer.Serialize(new
        {
            sessionId = session,
            turn = 1,
            channel = "chat",
            customer = new { email },
            intent = "billing.refund",
            slots = new { order = "1234" },
            stepsAttempted = new[] { "order lookup" },
            text = "I want a human",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/bots/generic") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Authorization", "Bearer " + BotSecret);
        var response = await _hub.CreateClient().SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"bots webhook answered {(int)response.StatusCode}");
    }

    /// <summary>An agent's reply at a time; waits until its sender's outcome (and so its journey step) is on the timeline.</summary>
    private async Task ReplyAsync(string customerId, string conversationId, string channel, DateTimeOffset at)
    {
        _clock.SetUtcNow(at);
        var response = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{conversationId}/replies", new { text = "We are on it.", agent = "maria", channel });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.GetAsync(() => _hub.TimelineAsync(customerId)!,
            t => t.Events.Any(e => e.Direction == "outbound" && e.ConversationId == conversationId && e.Metadata.ContainsKey("journey_step")),
            because: "the reply's outcome with its journey step");
    }

    private async Task ResolveAsync(string conversationId, string code, bool recollected, DateTimeOffset at)
    {
        _clock.SetUtcNow(at);
        var response = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{conversationId}/resolve", new { code, recollected });
        Assert.True(response.IsSuccessStatusCode, $"resolve answered {(int)response.StatusCode}");
    }

    /// <summary>The survey the SLA engine would send after the resolution, and the customer's answer through the webhook.</summary>
    private async Task SurveyAsync(ISurveyStore surveys, string conversationId, string customerId, string channel, DateTimeOffset sentAt, string answer, string? email, string? phone, DateTimeOffset answeredAt)
    {
        _clock.SetUtcNow(sentAt);
        await surveys.RecordSentAsync(new Survey { ConversationId = conversationId, CustomerId = customerId, Channel = channel, SentAt = sentAt }, CancellationToken.None);
        var id = "survey-" + conversationId;
        await AtAsync(answeredAt, () => PostAsync(Scenario.Message(id, channel, answer, email: email, phone: phone, sentAt: answeredAt)));
        await _hub.TimelineWithAsync(customerId, id);
    }

    private static SlaStatus Status(string conversationId, string customerId, bool breached) => new()
    {
        ConversationId = conversationId,
        CustomerId = customerId,
        Policy = "default",
        Breaches = breached ? [new SlaBreach("first-response", T0.AddMinutes(1), T0.AddMinutes(1))] : [],
    };

    private static (double, double, double) Triple(JsonElement e) => (e.GetProperty("mean").GetDouble(), e.GetProperty("median").GetDouble(), e.GetProperty("p90").GetDouble());

    private static (double, double) Pair(JsonElement e) => (e.GetProperty("median").GetDouble(), e.GetProperty("p90").GetDouble());

    private static string Raw(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "null" : e.GetRawText();

    private static List<string> Links(JsonElement sankey) =>
        sankey.GetProperty("links").EnumerateArray()
            .Select(l => $"{l.GetProperty("source").GetString()}>{l.GetProperty("target").GetString()}:{l.GetProperty("value").GetInt32()}").ToList();
}
