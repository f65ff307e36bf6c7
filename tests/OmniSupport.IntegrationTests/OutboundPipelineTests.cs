using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Outbound;
using OmniSupport.TestUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OmniSupport.IntegrationTests;

/// <summary>Replies through the real Server and queues on Azurite, to provider APIs stood in for by WireMock.Net.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboundPipelineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);
    private readonly WireMockServer _provider = WireMockServer.Start();

    public Task InitializeAsync()
    {
        _hub.FastRetries();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _provider.Stop();
        _provider.Dispose();
    }

    private void UseSendGrid()
    {
        _hub.Settings["Channels:SendGrid:ApiKey"] = "SG.integration";
        _hub.Settings["Channels:SendGrid:FromEmail"] = "support@shop.example";
        _hub.Settings["Channels:SendGrid:InboundDomain"] = "in.shop.example";
        _hub.Settings["Channels:SendGrid:ApiBaseUrl"] = _provider.Urls[0];
    }

    private async Task<(CustomerDto Customer, string ConversationId)> InboundEmailAsync(string messageId, string email)
    {
        await _hub.PostAcceptedAsync(OutboundScenario.Email(messageId, email, "Order 1234 missing", "Where is my order?",
            new() { ["references"] = "<older@mail.example.com>" }));
        var customer = await _hub.CustomerByAsync("email", email);
        var timeline = await _hub.TimelineWithAsync(customer.Id, messageId);
        return (customer, timeline.Events.Single(e => e.ProviderMessageId == messageId).ConversationId!);
    }

    [Fact]
    public async Task An_email_reply_goes_to_sendgrid_threaded_on_the_customers_message_and_is_recorded_as_sent()
    {
        UseSendGrid();
        _provider.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-out-1"));
        var (customer, conversationId) = await InboundEmailAsync("<m1@mail.example.com>", "ana@example.com");

        var reply = await _hub.ReplyAsync(conversationId, new { text = "It ships today.", agent = "maria" });

        Assert.Equal("email", reply.Channel);
        Assert.Equal("pending", reply.Status);
        var request = await _provider.RequestToAsync("/v3/mail/send");
        var mail = JsonDocument.Parse(request.RequestMessage.Body!).RootElement;
        Assert.Equal("Bearer SG.integration", request.Header("Authorization"));
        Assert.Equal("<m1@mail.example.com>", mail.GetProperty("headers").GetProperty("In-Reply-To").GetString());
        Assert.Equal("<older@mail.example.com> <m1@mail.example.com>", mail.GetProperty("headers").GetProperty("References").GetString());
        Assert.Equal($"reply+{conversationId}@in.shop.example", mail.GetProperty("reply_to").GetProperty("email").GetString());
        Assert.Equal("Re: Order 1234 missing", mail.GetProperty("subject").GetString());
        Assert.Equal(reply.OutboundId, mail.GetProperty("custom_args").GetProperty("omnisupport_outbound_id").GetString());

        var sent = await _hub.OutboundEventAsync(reply, "sent");
        Assert.Equal(customer.Id, sent.CustomerId);
        Assert.Equal(conversationId, sent.ConversationId);
        Assert.Equal("outbound", sent.Direction);
        Assert.Equal("sendgrid", sent.Provider);
        Assert.Equal("sg-out-1", sent.ProviderMessageId);
        Assert.Equal("maria", sent.Metadata["actor"]);
    }

    [Fact]
    public async Task A_customer_answering_the_reply_by_email_threads_back_into_the_same_conversation()
    {
        UseSendGrid();
        _provider.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-out-thread"));
        var (customer, conversationId) = await InboundEmailAsync("<t1@mail.example.com>", "thread@example.com");
        var reply = await _hub.ReplyAsync(conversationId, new { text = "Which size?", agent = "maria" });
        await _hub.OutboundEventAsync(reply, "sent");

        // The answer names our message id only (no reply-to token, a different sender address).
        await _hub.PostAcceptedAsync(new
        {
            channel = "email",
            messageId = "<t2@mail.example.com>",
            from = new { email = "thread.other@example.com" },
            text = "Medium, please.",
            inReplyTo = new[] { "sg-out-thread" },
        });
        var other = await _hub.CustomerByAsync("email", "thread.other@example.com");
        var timeline = await _hub.TimelineWithAsync(other.Id, "<t2@mail.example.com>");

        Assert.NotEqual(customer.Id, other.Id);
        Assert.NotEqual(conversationId, timeline.Events.Single(e => e.ProviderMessageId == "<t2@mail.example.com>").ConversationId);
        // A different customer's message never joins another customer's conversation, even when it names our message id;
        // the same customer's does:
        await _hub.PostAcceptedAsync(new
        {
            channel = "email",
            messageId = "<t3@mail.example.com>",
            from = new { email = "thread@example.com" },
            text = "Medium, please.",
            inReplyTo = new[] { "sg-out-thread" },
        });
        var own = await _hub.TimelineWithAsync(customer.Id, "<t3@mail.example.com>");
        Assert.Equal(conversationId, own.Events.Single(e => e.ProviderMessageId == "<t3@mail.example.com>").ConversationId);
    }

    [Fact]
    public async Task Without_credentials_a_reply_is_written_to_the_local_outbox_and_listed_by_the_admin_api()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("sms-outbox-1", "sms", "Is my order late?", phone: "+14155550177"));
        var customer = await _hub.CustomerByAsync("phone", "+14155550177");
        var conversationId = (await _hub.TimelineWithAsync(customer.Id, "sms-outbox-1")).Events[0].ConversationId!;

        var reply = await _hub.ReplyAsync(conversationId, new { text = "A little, it ships today.", agent = "li" });

        var sent = await _hub.OutboundEventAsync(reply, "sent");
        Assert.Equal("outbox", sent.Provider);
        Assert.Equal("sms", sent.Channel);
        var outbox = await (await _hub.Api().GetAsync("/api/admin/outbox")).ReadAsync<List<OutboxEntryDto>>();
        var entry = Assert.Single(outbox, e => e.OutboundId == reply.OutboundId);
        Assert.Equal("+14155550177", entry.To);
        Assert.Equal("A little, it ships today.", entry.Text);
        Assert.Equal("li", entry.Actor);
        Assert.Equal(HttpStatusCode.Forbidden, (await _hub.Api(HubFactory.WriteKey).GetAsync("/api/admin/outbox")).StatusCode);
        Assert.Empty(_provider.LogEntries);
    }

    [Fact]
    public async Task An_intercom_reply_names_the_intercom_conversation_of_the_customers_last_chat_and_a_call_is_answered_by_sms()
    {
        await _hub.PostAcceptedAsync(new
        {
            channel = "intercom", messageId = "ic-part-1",
            from = new { phone = "+14155550188", handles = new Dictionary<string, string> { ["intercom"] = "5bc8f7ae2d96695c18a" } },
            text = "Hello from the widget",
            metadata = new Dictionary<string, string> { ["intercom_conversation_id"] = "1911149811" },
        });
        var customer = await _hub.CustomerByAsync("phone", "+14155550188");
        var conversationId = (await _hub.TimelineWithAsync(customer.Id, "ic-part-1")).Events[0].ConversationId!;

        var chat = await _hub.ReplyAsync(conversationId, new { text = "Hi there", agent = "li" });
        var call = await _hub.ReplyAsync(conversationId, new { text = "Sorry we missed your call", agent = "li", channel = "voice" });
        await _hub.OutboundEventAsync(chat, "sent");
        await _hub.OutboundEventAsync(call, "sent");

        var outbox = await (await _hub.Api().GetAsync("/api/admin/outbox")).ReadAsync<List<OutboxEntryDto>>();
        var toIntercom = Assert.Single(outbox, e => e.OutboundId == chat.OutboundId);
        Assert.Equal("intercom", toIntercom.Channel);
        Assert.Equal("5bc8f7ae2d96695c18a", toIntercom.To);
        Assert.Equal("1911149811", toIntercom.Metadata["intercom_conversation_id"]);
        var bySms = Assert.Single(outbox, e => e.OutboundId == call.OutboundId);
        Assert.Equal("sms", bySms.Channel);
        Assert.Equal("+14155550188", bySms.To);
    }

    [Fact]
    public async Task A_delivery_status_report_moves_the_outbound_event_to_delivered_and_a_late_sent_does_not_move_it_back()
    {
        UseSendGrid();
        _provider.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-out-dlv"));
        var (_, conversationId) = await InboundEmailAsync("<d1@mail.example.com>", "delivery@example.com");
        var reply = await _hub.ReplyAsync(conversationId, new { text = "On its way.", agent = "maria" });
        await _hub.OutboundEventAsync(reply, "sent");

        // What the SendGrid Event Webhook adapter produces: sg_message_id is "{X-Message-Id}.filter…".
        var queue = _hub.Services.GetRequiredService<IInboundQueue>();
        await queue.EnqueueAsync(StatusEnvelope("sg-evt-1", "sg-out-dlv.filterdrecv-5645d9c87f-2wkcv-1-5F3A.0", "delivered"), CancellationToken.None);
        var delivered = await _hub.OutboundEventAsync(reply, "delivered");
        await queue.EnqueueAsync(StatusEnvelope("sg-evt-0", "sg-out-dlv.filterdrecv-5645d9c87f-2wkcv-1-5F3A.0", "processed"), CancellationToken.None);
        await Eventually.GetAsync(async () => await _hub.CountAsync("inbound") == 0 ? "drained" : null);

        var after = (await _hub.TimelineAsync(reply.CustomerId)).Events.Single(e => e.Id == reply.EventId);
        Assert.Equal("delivered", delivered.Metadata["providerStatus"]);
        Assert.Equal("delivered", after.Metadata["status"]);
        Assert.StartsWith("sent@", after.Metadata["statusHistory"]);
        Assert.Contains(" delivered@", after.Metadata["statusHistory"]);
        Assert.Single((await _hub.TimelineAsync(reply.CustomerId)).Events, e => e.Direction == "outbound");
    }

    [Fact]
    public async Task A_provider_refusal_lands_on_the_timeline_as_failed_with_the_providers_reason()
    {
        UseSendGrid();
        _provider.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400)
                .WithBody("""{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email","help":null}]}"""));
        var (_, conversationId) = await InboundEmailAsync("<f1@mail.example.com>", "refused@example.com");

        var reply = await _hub.ReplyAsync(conversationId, new { text = "Hello?", agent = "maria" });

        var failed = await _hub.OutboundEventAsync(reply, "failed");
        Assert.Contains("Does not contain a valid address.", failed.Metadata["failureReason"]);
        Assert.Contains("400", failed.Metadata["failureReason"]);
        Assert.Single(_provider.LogEntries);
    }

    [Fact]
    public async Task A_redelivered_outbound_message_that_was_already_sent_is_not_sent_again()
    {
        UseSendGrid();
        _provider.Given(Request.Create().WithPath("/v3/mail/send").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-out-once"));
        var (_, conversationId) = await InboundEmailAsync("<o1@mail.example.com>", "once@example.com");
        var reply = await _hub.ReplyAsync(conversationId, new { text = "Once only.", agent = "maria" });
        await _hub.OutboundEventAsync(reply, "sent");
        var original = await (await _hub.Api().GetAsync($"/api/customers/{reply.CustomerId}/timeline")).ReadAsync<TimelinePageDto>();

        // The queue delivers the same message again (a worker died after sending, before deleting it).
        var message = new OutboundMessage
        {
            Id = reply.OutboundId,
            Channel = "email",
            To = "once@example.com",
            CustomerId = reply.CustomerId,
            ConversationId = conversationId,
            Text = "Once only.",
            Actor = "maria",
            CreatedAt = original.Events.Single(e => e.Id == reply.EventId).OccurredAt,
        };
        await _hub.Services.GetRequiredService<IOutboundQueue>().EnqueueAsync(message, CancellationToken.None);
        await Eventually.GetAsync(async () => await _hub.CountAsync("outbound") == 0 ? "drained" : null);

        Assert.Single(_provider.LogEntries);
        Assert.Single((await _hub.TimelineAsync(reply.CustomerId)).Events, e => e.Direction == "outbound");
    }

    [Fact]
    public async Task A_reply_is_refused_with_a_problem_when_the_customer_has_no_address_on_the_channel()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("noaddr-1", "chat", "Hi", email: "noaddr@example.com"));
        var customer = await _hub.CustomerByAsync("email", "noaddr@example.com");
        var conversationId = (await _hub.TimelineWithAsync(customer.Id, "noaddr-1")).Events[0].ConversationId!;

        var noPhone = await _hub.PostReplyAsync(conversationId, new { text = "Texting you", agent = "li", channel = "sms" });
        var lastWasChat = await _hub.PostReplyAsync(conversationId, new { text = "Hi", agent = "li" });
        var badChannel = await _hub.PostReplyAsync(conversationId, new { text = "Hi", agent = "li", channel = "pigeon" });
        var noAgent = await _hub.PostReplyAsync(conversationId, new { text = "Hi", channel = "email" });
        var readOnly = await _hub.PostReplyAsync(conversationId, new { text = "Hi", agent = "li", channel = "email" }, HubFactory.ReadKey);
        var unknown = await _hub.PostReplyAsync("cnv_nope", new { text = "Hi", agent = "li", channel = "email" });

        Assert.Equal(HttpStatusCode.Conflict, noPhone.StatusCode);
        Assert.Contains("phone", (await noPhone.ReadAsync<ProblemDto>()).Detail);
        Assert.Equal(HttpStatusCode.Conflict, lastWasChat.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badChannel.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, await _hub.CountAsync("outbound"));
        Assert.DoesNotContain((await _hub.TimelineAsync(customer.Id)).Events, e => e.Direction == "outbound");
    }

    private static InboundEnvelope StatusEnvelope(string eventId, string relatedId, string status) => new()
    {
        Id = "env_" + eventId,
        Provider = "sendgrid",
        ReceivedAt = DateTimeOffset.UtcNow,
        Messages =
        [
            new InboundMessage
            {
                Source = "sendgrid-events",
                ProviderMessageId = eventId,
                Kind = InboundKinds.DeliveryStatus,
                Channel = "email",
                SentAt = DateTimeOffset.UtcNow,
                RelatedProviderMessageId = relatedId,
                Status = status,
            },
        ],
    };
}
