using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.TestUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Microsoft.Extensions.DependencyInjection;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// The SLA engine end to end on the real Server: the Durable Task Framework's Azure Storage backend on
/// Azurite, a policy of seconds, WireMock as SendGrid (the outbound senders deliver follow-ups and
/// surveys there), as the supervisors' Teams/Slack webhook and as Twilio's REST API.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SlaTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly WireMockServer _mock = WireMockServer.Start();
    private readonly string _policyFile = Path.Combine(Path.GetTempPath(), $"sla-test-{Guid.NewGuid():N}.json");
    private readonly List<HubFactory> _hubs = [];

    public Task InitializeAsync()
    {
        File.WriteAllText(_policyFile, $$"""
        {
          "surveyDelay": "2s",
          "policies": [
            { "name": "x", "channel": "x", "firstResponse": "4s",
              "escalations": [
                { "after": "0s", "action": "follow-up", "channels": ["email"] },
                { "after": "0s", "action": "notify-supervisor", "webhook": "{{_mock.Url}}/teams-webhook" } ] },
            { "name": "dm", "channel": "dm", "firstResponse": "10s",
              "escalations": [
                { "after": "0s", "action": "follow-up", "channels": ["email"] },
                { "after": "0s", "action": "notify-supervisor", "webhook": "{{_mock.Url}}/teams-webhook" } ] },
            { "name": "sms", "channel": "sms", "firstResponse": "3s",
              "escalations": [ { "after": "0s", "action": "call-task", "text": "SMS unanswered: call the customer." } ] },
            { "name": "webchat", "channel": "webchat", "firstResponse": "4s",
              "escalations": [
                { "after": "0s", "action": "follow-up", "channels": ["email"] },
                { "after": "0s", "action": "notify-supervisor", "webhook": "{{_mock.Url}}/teams-webhook" } ] },
            { "name": "default", "channel": "*", "firstResponse": "1h" }
          ]
        }
        """);

        // SendGrid v3 mail/send answers 202 with the message id in X-Message-Id (docs.sendgrid.com, Mail Send).
        _mock.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-sla"));

        // Slack and Teams incoming webhooks answer 200 with a short text body.
        _mock.Given(Request.Create().WithPath("/teams-webhook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("1"));

        // Twilio Create a Call: 201 with the call resource, whose "sid" starts with CA
        // (twilio.com/docs/voice/api/call-resource#create-a-call-resource).
        _mock.Given(Request.Create().WithPath("/2010-04-01/Accounts/AC00000000000000000000000000000000/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"sid":"CA11111111111111111111111111111111","status":"queued","direction":"outbound-api"}"""));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        _mock.Stop();
        File.Delete(_policyFile);
    }

    private HubFactory NewHub(string? prefix = null)
    {
        var hub = new HubFactory(azurite.ConnectionString, prefix);
        hub.Settings["Durable:Enabled"] = "true";
        hub.Settings["Durable:PartitionCount"] = "1";
        hub.Settings["Durable:MaxQueuePollingIntervalMilliseconds"] = "500";
        hub.Settings["Sla:PolicyFile"] = _policyFile;
        hub.Settings["Channels:Twilio:AccountSid"] = "AC00000000000000000000000000000000";
        hub.Settings["Channels:Twilio:AuthToken"] = "test-auth-token";
        hub.Settings["Channels:Twilio:Voice:FromNumber"] = "+14155550199";
        hub.Settings["Channels:Twilio:ApiBaseUrl"] = _mock.Url!;
        hub.Settings["Channels:SendGrid:ApiKey"] = "SG.sla-tests";
        hub.Settings["Channels:SendGrid:FromEmail"] = "support@shop.example";
        hub.Settings["Channels:SendGrid:ApiBaseUrl"] = _mock.Url!;
        _hubs.Add(hub);
        return hub;
    }

    [Fact]
    public async Task Unanswered_x_mention_gets_an_email_follow_up_and_a_supervisor_alert()
    {
        var hub = NewHub();
        _ = hub.Server;
        await hub.PostAcceptedAsync(Scenario.Message("x-1", "x", "@acme my order never came", email: "xavier@example.com", handles: new() { ["x"] = "xavier_1" }));
        var conversationId = await ConversationOfAsync(hub, "email", "xavier@example.com", "x-1");

        var followUp = await Eventually.GetAsync(
            () => Task.FromResult(Mails().FirstOrDefault(m => m.To == "xavier@example.com")),
            Deadline, "the email follow-up at SendGrid");
        Assert.Equal("About your message to us", followUp.Subject);
        Assert.Contains("not forgotten you", followUp.Text, StringComparison.Ordinal);

        var alert = await Eventually.GetAsync(
            () => Task.FromResult(_mock.LogEntries.FirstOrDefault(e => e.RequestMessage.Path == "/teams-webhook")),
            Deadline, "the supervisor webhook to be called");
        var text = JsonDocument.Parse(alert.RequestMessage.Body!).RootElement.GetProperty("text").GetString()!;
        Assert.Contains(conversationId, text, StringComparison.Ordinal);
        Assert.Contains("on x", text, StringComparison.Ordinal);
        Assert.Contains($"https://hub.example.com/api/conversations/{conversationId}/sla", text, StringComparison.Ordinal);

        var sla = await Eventually.GetAsync(() => SlaAsync(hub, conversationId), s => s.StepsDone.Count == 2, Deadline, "both steps in the SLA status");
        Assert.Equal("x", sla.Policy);
        Assert.Equal("first-response", Assert.Single(sla.Breaches).Target);
        Assert.Equal(["follow-up", "notify-supervisor"], sla.StepsDone.Select(s => s.Action));
        Assert.Equal("sent on email", sla.StepsDone[0].Outcome);
    }

    [Fact]
    public async Task Unanswered_sms_becomes_a_call_task_placed_through_twilio_and_closed_by_its_outcome()
    {
        var hub = NewHub();
        await hub.PostAcceptedAsync(Scenario.Message("sms-1", "sms", "Please call me back", phone: "+1 415 555 0100"));
        var conversationId = await ConversationOfAsync(hub, "phone", "+14155550100", "sms-1");

        var task = await Eventually.GetAsync(
            async () => (await hub.Api().GetFromJsonAsync<List<CallTaskDto>>("/api/callbacks", Web))!.FirstOrDefault(t => t.ConversationId == conversationId && t.Status == "placed"),
            Deadline, "a placed call task in GET /api/callbacks");
        Assert.Equal(("+14155550100", "CA11111111111111111111111111111111"), (task.Phone, task.CallSid));
        var call = Assert.Single(_mock.LogEntries, e => e.RequestMessage.Path.EndsWith("/Calls.json", StringComparison.Ordinal));
        Assert.Contains("To=%2B14155550100", call.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Contains("From=%2B14155550199", call.RequestMessage.Body, StringComparison.Ordinal);

        // The voice status callback's handler closes the task by the call's sid (here through the use case the inbound side calls).
        var closed = await hub.Services.GetRequiredService<OmniSupport.Core.Sla.CloseCallTask>()
            .CloseAsync("CA11111111111111111111111111111111", "completed", CancellationToken.None);
        Assert.Equal(("closed", "completed"), (closed!.Status, closed.Outcome));
        var open = await hub.Api().GetFromJsonAsync<List<CallTaskDto>>("/api/callbacks", Web);
        Assert.DoesNotContain(open!, t => t.Id == task.Id);
    }

    [Fact]
    public async Task Server_stopped_while_a_timer_is_pending_escalates_exactly_once_after_restart()
    {
        var first = NewHub();
        await first.PostAcceptedAsync(Scenario.Message("dm-restart", "dm", "anyone?", email: "restart@example.com", handles: new() { ["dm"] = "restart_1" }));
        var conversationId = await ConversationOfAsync(first, "email", "restart@example.com", "dm-restart");
        var durable = first.Services.GetRequiredService<OmniSupport.Server.Durable.TaskHubSlaClient>();
        await Eventually.GetAsync(
            () => durable.RuntimeStatusAsync("sla-" + conversationId, CancellationToken.None), s => s == "Running", Deadline, "the orchestration to run and wait on its timer");
        Assert.Empty(_mock.LogEntries);
        await first.DisposeAsync(); // the timer is pending in the task hub, nobody runs it
        var stoppedAt = DateTimeOffset.UtcNow;

        var second = NewHub(first.Prefix);
        _ = second.Server;
        var sla = await Eventually.GetAsync(() => SlaAsync(second, conversationId), s => s.StepsDone.Count == 2, Deadline, "the escalation after the restart");

        // Give a duplicate every chance to show up (the next poll cycles), then count.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Single(_mock.LogEntries, e => e.RequestMessage.Path == "/teams-webhook");
        Assert.Single(Mails(), m => m.To == "restart@example.com");
        Assert.Single(sla.Breaches);
        Assert.All(sla.StepsDone, s => Assert.True(s.At >= stoppedAt, "the steps ran in the restarted Server, not before the stop"));
    }

    [Fact]
    public async Task Conversations_spread_over_several_task_hubs_each_escalate_in_the_hub_their_id_picks()
    {
        var hub = NewHub();
        hub.Settings["Durable:TaskHubCount"] = "3";
        var phones = new[] { "+1 415 555 0131", "+1 415 555 0132", "+1 415 555 0133", "+1 415 555 0134" };
        var conversations = new List<string>();
        for (var i = 0; i < phones.Length; i++)
        {
            await hub.PostAcceptedAsync(Scenario.Message($"sms-hubs-{i}", "sms", "Hello?", phone: phones[i]));
            conversations.Add(await ConversationOfAsync(hub, "phone", "+" + string.Concat(phones[i].Where(char.IsAsciiDigit)), $"sms-hubs-{i}"));
        }

        foreach (var conversationId in conversations)
        {
            await Eventually.GetAsync(
                async () => (await hub.Api().GetFromJsonAsync<List<CallTaskDto>>("/api/callbacks", Web))!.FirstOrDefault(t => t.ConversationId == conversationId),
                Deadline, $"a call task for {conversationId}");
        }

        // Each orchestration lives in exactly the task hub its instance id hashes to.
        var names = hub.Services.GetRequiredService<OmniSupport.Server.Durable.DurableHost>().TaskHubNames;
        Assert.Equal([hub.Prefix + "omnisupport", hub.Prefix + "omnisupport1", hub.Prefix + "omnisupport2"], names);
        foreach (var conversationId in conversations)
        {
            var instanceId = "sla-" + conversationId;
            var found = new List<int>();
            for (var k = 0; k < names.Count; k++)
            {
                // The backend keeps one row per instance in the hub's Instances table, keyed by the instance id.
                var instances = new Azure.Data.Tables.TableClient(azurite.ConnectionString, names[k] + "Instances");
                if (await instances.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == instanceId).AnyAsync())
                {
                    found.Add(k);
                }
            }

            Assert.Equal([OmniSupport.Server.Durable.TaskHubShards.IndexOf(instanceId, 3)], found);
        }
    }

    [Fact]
    public async Task A_server_restarted_with_another_task_hub_count_refuses_to_run_the_orchestrations()
    {
        var first = NewHub();
        first.Settings["Durable:TaskHubCount"] = "2";
        await first.PostAcceptedAsync(Scenario.Message("chat-layout", "chat", "hello", email: "layout@example.com"));
        var conversationId = await ConversationOfAsync(first, "email", "layout@example.com", "chat-layout");
        var instanceId = "sla-" + conversationId;
        await Eventually.GetAsync(
            () => first.Services.GetRequiredService<OmniSupport.Server.Durable.TaskHubSlaClient>().RuntimeStatusAsync(instanceId, CancellationToken.None),
            s => s == "Running", Deadline, "the orchestration to run");
        await first.DisposeAsync();

        var second = NewHub(first.Prefix);
        second.Settings["Durable:TaskHubCount"] = "3";
        var client = second.Services.GetRequiredService<OmniSupport.Server.Durable.TaskHubSlaClient>();
        using var timeout = new CancellationTokenSource(Deadline);
        var refused = await Assert.ThrowsAsync<OmniSupport.Server.Durable.TaskHubLayoutException>(() => client.GetStateAsync(instanceId, timeout.Token));
        Assert.Contains("created with 2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supervisor_moves_a_conversation_to_another_queue_and_the_sla_hears_of_it()
    {
        var hub = NewHub();
        await hub.PostAcceptedAsync(Scenario.Message("chat-q", "chat", "Hi, billing question", email: "queue@example.com"));
        var conversationId = await ConversationOfAsync(hub, "email", "queue@example.com", "chat-q");
        await Eventually.GetAsync(() => SlaAsync(hub, conversationId), s => s.State == "waiting", Deadline, "the SLA to be waiting");

        var response = await hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{conversationId}/queue", new { queue = "billing", priority = 70 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var sla = await Eventually.GetAsync(() => SlaAsync(hub, conversationId), s => s.Queue == "billing", Deadline, "the orchestration to record the new queue");
        Assert.Equal(70, sla.Priority);
        var queues = await hub.Api().GetFromJsonAsync<List<QueueDto>>("/api/queues", Web);
        var billing = Assert.Single(queues!, q => q.Queue == "billing");
        Assert.Equal(1, billing.Waiting);
        var entry = Assert.Single(billing.Conversations);
        Assert.Equal(conversationId, entry.ConversationId);
        Assert.InRange(entry.TimeLeftSeconds!.Value, 1, 3600);

        var bad = await hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{conversationId}/queue", new { priority = 500 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var readOnly = await hub.Api(HubFactory.ReadKey).PostAsJsonAsync($"/api/conversations/{conversationId}/queue", new { queue = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
    }

    [Fact]
    public async Task Queues_count_every_open_conversation_and_list_the_top_most_urgent()
    {
        var hub = NewHub();
        var t0 = DateTimeOffset.UtcNow;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await hub.PostAcceptedAsync(Scenario.Message($"top-{i}", "email", "Order late", email: $"top{i}@example.com", sentAt: t0.AddSeconds(i)));
            ids.Add(await ConversationOfAsync(hub, "email", $"top{i}@example.com", $"top-{i}"));
        }

        foreach (var id in ids)
        {
            await Eventually.GetAsync(() => SlaAsync(hub, id), s => s.State == "waiting", Deadline, "the SLA to be waiting");
        }

        var queues = await Eventually.GetAsync(
            () => hub.Api().GetFromJsonAsync<List<QueueDto>>("/api/queues?top=1", Web),
            q => q.Count == 1 && q[0].Open == 3, Deadline, "the board to count all three");
        var queue = queues[0];
        Assert.Equal((3, 3), (queue.Waiting, queue.WithinSla));
        Assert.Equal(ids[0], Assert.Single(queue.Conversations).ConversationId); // the one waiting longest, due first
        Assert.Equal(queue.Conversations[0].DueAt, queue.NextDueAt);

        foreach (var bad in new[] { "0", "1001", "ten" })
        {
            var response = await hub.Api().GetAsync("/api/queues?top=" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("top", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var stream = await hub.Api().GetAsync("/api/queues/stream?top=0");
        Assert.Equal(HttpStatusCode.BadRequest, stream.StatusCode);
    }

    [Fact]
    public async Task Resolved_conversation_gets_a_survey_whose_answer_is_recognised_and_counted()
    {
        var hub = NewHub();
        await hub.PostAcceptedAsync(Scenario.Message("mail-s", "email", "Where is my refund?", email: "survey@example.com"));
        var conversationId = await ConversationOfAsync(hub, "email", "survey@example.com", "mail-s");
        await Eventually.GetAsync(() => SlaAsync(hub, conversationId), s => s.State == "waiting", Deadline, "the SLA to be waiting");

        await hub.Services.GetRequiredService<ResolveConversation>().ResolveAsync(conversationId, null, "agent-1", CancellationToken.None);

        var survey = await Eventually.GetAsync(
            () => Task.FromResult(Mails().FirstOrDefault(m => m.To == "survey@example.com")),
            Deadline, "the survey at SendGrid");
        Assert.Contains("1 (poor) to 5 (great)", survey.Text, StringComparison.Ordinal);
        Assert.Equal("resolved", (await SlaAsync(hub, conversationId))!.State);

        await hub.PostAcceptedAsync(Scenario.Message("mail-s-answer", "email", "4 y", email: "survey@example.com"));
        var report = await Eventually.GetAsync(
            () => hub.Api().GetFromJsonAsync<SurveyReportDto>("/api/reports/surveys", Web), r => r.Answered == 1, Deadline, "the answer to be counted");
        Assert.Equal((1, 1, 1), (report.Sent, report.Csat[4], report.RepeatedInformationYes));
        var customer = await hub.CustomerByAsync("email", "survey@example.com");
        Assert.Null(await hub.Services.GetRequiredService<IConversationStore>().GetOpenIdAsync(customer.Id, CancellationToken.None)); // the answer opened no conversation
    }

    [Fact]
    public async Task A_resolve_right_after_a_bot_handoff_ends_the_sla_with_a_survey_and_no_breach_or_escalation()
    {
        // The handoff's first customer message and the resolve wait on the sla-signals queue together (this Server
        // runs no orchestrations), so the next one takes both in one batch and applies them at the same moment.
        var first = NewHub();
        first.Settings["Durable:Enabled"] = "false";
        var handoff = await first.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/handoffs", new
        {
            context = new { platform = "dialogflow-cx", sessionId = "s-race", intent = "billing.refund", confidence = 0.9 },
            customer = new { name = "Rae Quick", email = "race@example.com" },
            channel = "webchat",
            text = "I need a refund",
        });
        Assert.Equal(HttpStatusCode.Created, handoff.StatusCode);
        var conversationId = (await handoff.Content.ReadFromJsonAsync<JsonElement>(Web)).GetProperty("conversationId").GetString()!;
        await first.Services.GetRequiredService<ResolveConversation>().ResolveAsync(conversationId, null, "agent-1", CancellationToken.None);
        Assert.True(await first.CountAsync(OmniSupport.Storage.StorageNames.SlaSignalsQueueName) >= 2, "the customer message and the resolve wait on the queue");
        await first.DisposeAsync();

        var hub = NewHub(first.Prefix);
        _ = hub.Server;
        var survey = await Eventually.GetAsync(
            () => Task.FromResult(Mails().FirstOrDefault(m => m.To == "race@example.com" && m.Subject == "How did we do?")),
            Deadline, "the survey at SendGrid");
        Assert.Contains("1 (poor) to 5 (great)", survey.Text, StringComparison.Ordinal);
        var sla = await Eventually.GetAsync(() => SlaAsync(hub, conversationId), s => s.State == "resolved", Deadline, "the SLA to be resolved");
        // The worker writes "resolved" as it raises the signal; the orchestration completes when it replays it.
        await Eventually.GetAsync(
            () => hub.Services.GetRequiredService<OmniSupport.Server.Durable.TaskHubSlaClient>().RuntimeStatusAsync("sla-" + conversationId, CancellationToken.None),
            s => s == "Completed", Deadline, "the orchestration to complete");

        // The 4 s due time has passed by now (the survey waits 2 s after the resolve); give a wrong timer every chance.
        await Task.Delay(TimeSpan.FromSeconds(5));
        sla = (await SlaAsync(hub, conversationId))!;
        Assert.Equal("resolved", sla.State);
        Assert.Empty(sla.Breaches);
        Assert.Empty(sla.StepsDone);
        Assert.DoesNotContain(Mails(), m => m.To == "race@example.com" && m.Subject == "About your message to us");
        Assert.DoesNotContain(_mock.LogEntries, e => e.RequestMessage.Path == "/teams-webhook" && e.RequestMessage.Body!.Contains(conversationId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_message_on_the_same_channel_is_not_signalled_and_a_stricter_channel_is()
    {
        var hub = NewHub();
        var t0 = DateTimeOffset.UtcNow;
        await hub.PostAcceptedAsync(Scenario.Message("mail-1", "email", "Order 1 is late", email: "strict@example.com", sentAt: t0));
        var conversationId = await ConversationOfAsync(hub, "email", "strict@example.com", "mail-1");
        await Eventually.GetAsync(() => SlaAsync(hub, conversationId), s => s.State == "waiting", Deadline, "the SLA to be waiting");

        // The same channel while waiting leaves the wait, due time and steps as they were: nothing to tell.
        await hub.PostAcceptedAsync(Scenario.Message("mail-2", "email", "Any news?", email: "strict@example.com", sentAt: t0.AddSeconds(1)));
        await hub.TimelineWithAsync((await hub.CustomerByAsync("email", "strict@example.com")).Id, "mail-2");

        // A channel whose target is stricter (dm: 10 s against the default's hour) moves the due time: told.
        await hub.PostAcceptedAsync(Scenario.Message("dm-1", "dm", "Writing here instead", email: "strict@example.com", sentAt: t0.AddSeconds(2)));
        var sla = await Eventually.GetAsync(() => SlaAsync(hub, conversationId), s => s.Policy == "dm", Deadline, "the stricter channel's policy");
        Assert.Equal(sla.WaitingSince!.Value.AddSeconds(10), sla.DueAt);

        var durable = hub.Services.GetRequiredService<OmniSupport.Server.Durable.DurableHost>();
        var client = await durable.ClientAsync("sla-" + conversationId, CancellationToken.None);
        var state = await client.GetOrchestrationStateAsync("sla-" + conversationId);
        Assert.NotNull(state);

        // The worker writes the status row before the orchestration replays the raised event, so wait for the
        // event in its history. Had the second email been raised, it would have been queued before the dm's.
        var history = await Eventually.GetAsync(
            async () => (string?)await client.GetOrchestrationHistoryAsync(state.OrchestrationInstance),
            h => CountOf(h, "\"sla-signal\"") >= 1,
            Deadline,
            "the dm message's signal in the orchestration's history");
        Assert.Equal(1, CountOf(history, "\"sla-signal\"")); // the start carried the first message; only the dm message was raised
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Sla_of_an_unknown_conversation_is_404()
    {
        var hub = NewHub();
        var response = await hub.Api().GetAsync("/api/conversations/cnv_nope/sla");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<string> ConversationOfAsync(HubFactory hub, string kind, string value, string messageId)
    {
        var customer = await hub.CustomerByAsync(kind, value);
        var timeline = await hub.TimelineWithAsync(customer.Id, messageId);
        return timeline.Events.Single(e => e.ProviderMessageId == messageId).ConversationId!;
    }

    private static async Task<SlaDto?> SlaAsync(HubFactory hub, string conversationId)
    {
        var response = await hub.Api().GetAsync($"/api/conversations/{conversationId}/sla");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<SlaDto>(Web) : null;
    }

    /// <summary>The mails SendGrid (WireMock) received: recipient, subject and text of each v3 mail/send body.</summary>
    private List<MailDto> Mails() =>
        _mock.LogEntries
            .Where(e => e.RequestMessage.Path == "/v3/mail/send" && e.RequestMessage.Body is not null)
            .Select(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement)
            .Select(m => new MailDto(
                m.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString()!,
                m.GetProperty("subject").GetString(),
                m.GetProperty("content")[0].GetProperty("value").GetString()!))
            .ToList();
}

public sealed record MailDto(string To, string? Subject, string Text);

public sealed record SlaStepDto(int Index, string Action, DateTimeOffset At, string Outcome);

public sealed record SlaBreachDto(string Target, DateTimeOffset DueAt, DateTimeOffset DetectedAt);

public sealed record SlaDto(
    string ConversationId, string State, string? Policy, string? Channel, string? Queue, int Priority,
    DateTimeOffset? WaitingSince, DateTimeOffset? DueAt, long? TimeLeftSeconds, List<SlaBreachDto> Breaches, List<SlaStepDto> StepsDone);

public sealed record QueueEntryDto(string ConversationId, string State, int Priority, DateTimeOffset? DueAt, long? TimeLeftSeconds, bool Breached);

public sealed record QueueDto(string Queue, int Waiting, int Open, int WithinSla, long? OldestWaitSeconds, DateTimeOffset? NextDueAt, List<QueueEntryDto> Conversations);

public sealed record CallTaskDto(string Id, string ConversationId, string? Phone, string Status, string? CallSid, string? Outcome);

public sealed record SurveyReportDto(int Sent, int Answered, Dictionary<int, int> Csat, double? AverageCsat, int RepeatedInformationYes, int RepeatedInformationNo);
