using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Voice;

namespace OmniSupport.Core.Tests;

public sealed class HandoffAndCallOutcomeTests
{
    private readonly Mock<IInbox> _inbox = new();
    private readonly InMemoryTimeline _timeline = new();
    private readonly InMemoryCustomers _customers = new();
    private readonly InMemoryIdentities _identities = new();
    private readonly InMemoryConversations _conversations = new();
    private readonly List<CallOutcome> _outcomes = [];

    private ResolveCustomer Resolve()
    {
        var clock = new FakeTimeProvider();
        var merge = new MergeCustomers(_customers, _identities, _conversations, _timeline, clock, NullLogger<MergeCustomers>.Instance);
        return new ResolveCustomer(_customers, _identities, new IdentityNormalizer(Options.Create(new IdentityOptions())), merge, clock, NullLogger<ResolveCustomer>.Instance);
    }

    private ProcessInboundMessage Process()
    {
        var sink = new Mock<ICallOutcomeSink>();
        sink.Setup(s => s.CallEndedAsync(It.IsAny<CallOutcome>(), It.IsAny<CancellationToken>()))
            .Callback<CallOutcome, CancellationToken>((o, _) => _outcomes.Add(o)).Returns(Task.CompletedTask);
        var calls = new RecordCallOutcome(Resolve(), _conversations, _timeline, [sink.Object], NullLogger<RecordCallOutcome>.Instance);
        return new ProcessInboundMessage(_inbox.Object, Resolve(), new ThreadConversation(_conversations, NullLogger<ThreadConversation>.Instance),
            _timeline, Mock.Of<IAttachmentStore>(), _conversations, new NoRouting(), [], [calls], [], new OmniSupport.Core.Analytics.RecordInboundStep(new InMemoryJourneys(_conversations), _conversations), NullLogger<ProcessInboundMessage>.Instance);
    }

    private static InboundMessage Sms(string id, string phone) => new()
    {
        Source = "twilio",
        ProviderMessageId = id,
        Channel = "sms",
        SentAt = new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero),
        From = [new SenderIdentity("phone", phone)],
        Text = "hello",
    };

    [Fact]
    public async Task A_bot_handoff_sets_the_conversations_handoff_and_puts_the_card_on_the_timeline()
    {
        var handoff = new HandoffContext
        {
            Platform = "dialogflow",
            SessionId = "s-1",
            Intent = "order.refund",
            Confidence = 0.62,
            Slots = new Dictionary<string, string> { ["order_number"] = "1234" },
            StepsAttempted = ["order lookup"],
            Transcript = ["customer: agent please"],
        };

        await Process().HandleAsync(new InboundMessage
        {
            Source = "bots:dialogflow",
            ProviderMessageId = "s-1:turn-1",
            Kind = InboundKinds.Handoff,
            Channel = "chat",
            SentAt = DateTimeOffset.UtcNow,
            From = [new SenderIdentity("email", "ana@example.com")],
            Text = "agent please",
            Handoff = handoff,
        }, default);

        var conversation = Assert.Single(_conversations.Rows.Values).Conversation;
        Assert.Equal(("order.refund", 0.62, "1234"), (conversation.Handoff?.Intent, conversation.Handoff?.Confidence, conversation.Handoff?.Slots["order_number"]));
        var card = Assert.Single(_timeline.Rows.Values);
        Assert.Equal(conversation.Id, card.ConversationId);
        Assert.Equal(("handoff", "order.refund", "0.62"), (card.Metadata["kind"], card.Metadata["handoff_intent"], card.Metadata["handoff_confidence"]));
        Assert.Equal("{\"order_number\":\"1234\"}", card.Metadata["handoff_slots"]);
        Assert.Equal("[\"order lookup\"]", card.Metadata["handoff_steps_attempted"]);
    }

    [Fact]
    public async Task A_call_outcome_is_a_voice_event_in_the_open_conversation_of_the_customer_with_that_phone()
    {
        await Process().HandleAsync(Sms("SM1", "+14155550100"), default);
        var conversationId = Assert.Single(_conversations.Open.Values);

        await Process().HandleAsync(new InboundMessage
        {
            Source = "twilio",
            ProviderMessageId = "CA1:no-answer",
            Kind = InboundKinds.CallStatus,
            Channel = "voice",
            SentAt = new DateTimeOffset(2025, 1, 2, 10, 0, 0, TimeSpan.Zero),
            From = [new SenderIdentity("phone", "+1 415 555 0100")],
            RelatedProviderMessageId = "CA1",
            Status = "no-answer",
            Metadata = new Dictionary<string, string> { ["direction"] = "outbound-api", ["call_sid"] = "CA1" },
        }, default);

        Assert.Single(_customers.Rows);
        var call = Assert.Single(_timeline.Rows.Values, e => e.Channel == "voice");
        Assert.Equal((conversationId, "outbound", "Outbound call not answered"), (call.ConversationId, call.Direction, call.Text));
        Assert.Equal("no-answer", call.Metadata["call_status"]);
        var outcome = Assert.Single(_outcomes);
        Assert.Equal(("CA1", "no-answer", call.CustomerId, call.Id), (outcome.CallId, outcome.Status, outcome.CustomerId, outcome.TimelineEventId));
    }

    [Fact]
    public async Task A_call_outcome_without_a_phone_reaches_the_sinks_but_no_timeline()
    {
        await Process().HandleAsync(new InboundMessage
        {
            Source = "twilio",
            ProviderMessageId = "CA2:completed",
            Kind = InboundKinds.CallStatus,
            Channel = "voice",
            SentAt = DateTimeOffset.UtcNow,
            RelatedProviderMessageId = "CA2",
            Status = "completed",
            Metadata = new Dictionary<string, string> { ["duration_seconds"] = "65" },
        }, default);

        Assert.Empty(_timeline.Rows);
        Assert.Equal(("CA2", 65, null), (_outcomes[0].CallId, _outcomes[0].DurationSeconds, _outcomes[0].CustomerId));
    }

    [Fact]
    public async Task A_delivery_status_with_no_handler_is_marked_processed_and_makes_no_customer()
    {
        await Process().HandleAsync(new InboundMessage
        {
            Source = "sendgrid",
            ProviderMessageId = "sg-evt-1",
            Kind = InboundKinds.DeliveryStatus,
            Channel = "email",
            SentAt = DateTimeOffset.UtcNow,
            From = [new SenderIdentity("email", "ana@example.com")],
            RelatedProviderMessageId = "x-msg-1",
            Status = "delivered",
        }, default);

        Assert.Empty(_customers.Rows);
        Assert.Empty(_timeline.Rows);
        _inbox.Verify(i => i.MarkProcessedAsync("sendgrid", "sg-evt-1", It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(true, "completed", 125, "Outbound call completed (2m 05s)")]
    [InlineData(false, "busy", null, "Inbound call got a busy line")]
    [InlineData(false, "failed", 0, "Inbound call failed")]
    public void The_timeline_line_says_how_the_call_ended(bool outbound, string status, int? seconds, string expected) =>
        Assert.Equal(expected, RecordCallOutcome.Describe(outbound, status, seconds));
}
