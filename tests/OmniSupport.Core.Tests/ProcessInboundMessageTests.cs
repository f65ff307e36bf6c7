using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Tests;

public sealed class ProcessInboundMessageTests
{
    private readonly Mock<IInbox> _inbox = new();
    private readonly Mock<ITimelineStore> _timeline = new();
    private readonly Mock<IConversationActivitySink> _sink = new();
    private readonly InMemoryCustomers _customers = new();
    private readonly InMemoryIdentities _identities = new();
    private readonly InMemoryConversations _conversations = new();
    private readonly InMemoryJourneys _journeys;

    public ProcessInboundMessageTests() => _journeys = new InMemoryJourneys(_conversations);

    private ProcessInboundMessage Process(OmniSupport.Core.Routing.IConversationRouter? router = null)
    {
        var clock = new FakeTimeProvider();
        var merge = new MergeCustomers(_customers, _identities, _conversations, _timeline.Object, clock, NullLogger<MergeCustomers>.Instance);
        var resolve = new ResolveCustomer(_customers, _identities, new IdentityNormalizer(Options.Create(new IdentityOptions())), merge, clock, NullLogger<ResolveCustomer>.Instance);
        return new ProcessInboundMessage(_inbox.Object, resolve, new ThreadConversation(_conversations, NullLogger<ThreadConversation>.Instance),
            _timeline.Object, Mock.Of<IAttachmentStore>(), _conversations, router ?? new NoRouting(), [_sink.Object], [], [], new OmniSupport.Core.Analytics.RecordInboundStep(_journeys, _conversations), NullLogger<ProcessInboundMessage>.Instance);
    }

    private static InboundMessage Sms(string id, int minutes = 0) => new()
    {
        Source = "twilio",
        ProviderMessageId = id,
        Channel = "sms",
        SentAt = DateTimeOffset.UtcNow.AddMinutes(minutes),
        From = [new SenderIdentity("phone", "+14155550100")],
        Text = "hello",
    };

    [Fact]
    public async Task Only_messages_a_later_one_can_name_get_a_row_in_the_message_index_emails_and_handoffs()
    {
        await Process().HandleAsync(Sms("SM-index"), default);
        await Process().HandleAsync(Message("sendgrid", "mail-1@example.com", "email", InboundKinds.Message), default);
        await Process().HandleAsync(Message("generic:bot", "bot-1", "chat", InboundKinds.Handoff), default);

        Assert.Equal(["bot-1", "mail-1@example.com"], _conversations.ByMessageId.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_message_writes_its_conversation_and_its_journey_step_together_in_one_request()
    {
        await Process().HandleAsync(Sms("SM-open"), default);
        await Process().HandleAsync(Sms("SM-join", 1), default);

        var conversation = Assert.Single(_conversations.Rows.Values).Conversation;
        var journey = await _journeys.GetAsync(conversation.Id, default);
        Assert.Equal(2, _journeys.BatchesWithConversation); // the opening's and the join's
        Assert.Equal([Common.StableId.From("evt", "twilio", "SM-open"), Common.StableId.From("evt", "twilio", "SM-join")], journey!.Steps.Select(s => s.EventId));
        Assert.Equal("sms", conversation.LastInboundChannel);
    }

    [Fact]
    public async Task A_conversation_changed_by_another_writer_between_read_and_write_is_threaded_again_and_its_step_written_once()
    {
        await Process().HandleAsync(Sms("SM-first"), default);
        var id = Assert.Single(_conversations.Rows.Keys);
        _conversations.BeforeNextUpdate = () =>
        {
            // An agent moves the conversation to another queue just as the next message is being threaded.
            var other = _conversations.GetAsync(id, default).GetAwaiter().GetResult()!;
            other.Queue = "billing";
            _conversations.UpdateAsync(other, default).GetAwaiter().GetResult();
        };

        await Process().HandleAsync(Sms("SM-second", 1), default);

        var conversation = _conversations.Rows[id].Conversation;
        var journey = await _journeys.GetAsync(id, default);
        Assert.Equal("billing", conversation.Queue);
        Assert.Equal(2, journey!.Steps.Count);
        Assert.Equal(2, _journeys.BatchesWithConversation);
    }

    private static InboundMessage Message(string source, string id, string channel, string kind) => new()
    {
        Source = source,
        ProviderMessageId = id,
        Channel = channel,
        Kind = kind,
        SentAt = DateTimeOffset.UtcNow,
        From = [new SenderIdentity("phone", "+14155550100")],
        Text = "hello",
    };

    [Fact]
    public async Task A_message_already_processed_changes_nothing()
    {
        _inbox.Setup(i => i.WasProcessedAsync("twilio", "SM1", It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await Process().HandleAsync(Sms("SM1"), default);

        Assert.Empty(_customers.Rows);
        _timeline.Verify(t => t.AppendAsync(It.IsAny<TimelineEvent>(), It.IsAny<CancellationToken>()), Times.Never);
        _inbox.Verify(i => i.MarkProcessedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_dedupe_record_is_written_only_after_the_append_so_a_crash_in_between_is_redone()
    {
        var order = new List<string>();
        _timeline.Setup(t => t.AppendAsync(It.IsAny<TimelineEvent>(), It.IsAny<CancellationToken>())).Callback(() => order.Add("append")).Returns(Task.CompletedTask);
        _inbox.Setup(i => i.MarkProcessedAsync("twilio", "SM2", It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).Callback(() => order.Add("dedupe")).Returns(Task.CompletedTask);

        await Process().HandleAsync(Sms("SM2"), default);

        Assert.Equal(["append", "dedupe"], order);
    }

    [Fact]
    public async Task A_redelivered_message_derives_the_same_event_id_so_the_append_lands_on_the_same_row()
    {
        var ids = new List<string>();
        _timeline.Setup(t => t.AppendAsync(It.IsAny<TimelineEvent>(), It.IsAny<CancellationToken>()))
            .Callback<TimelineEvent, CancellationToken>((e, _) => ids.Add(e.Id)).Returns(Task.CompletedTask);

        await Process().HandleAsync(Sms("SM3"), default);
        await Process().HandleAsync(Sms("SM3"), default);

        Assert.Equal(2, ids.Count);
        Assert.Single(ids.Distinct());
        Assert.Single(_customers.Rows);
    }

    [Fact]
    public async Task The_sla_listeners_hear_that_a_conversation_opened()
    {
        await Process().HandleAsync(Sms("SM4"), default);

        _sink.Verify(s => s.InboundMessageAsync(
            It.Is<InboundActivity>(a => a.Opened && a.Conversation.Channels.SequenceEqual(new[] { "sms" }) && a.Customer.Id == a.Conversation.CustomerId),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_listeners_hear_what_the_conversation_knew_before_a_message_joined_it()
    {
        var heard = new List<InboundActivity>();
        _sink.Setup(s => s.InboundMessageAsync(It.IsAny<InboundActivity>(), It.IsAny<CancellationToken>()))
            .Callback<InboundActivity, CancellationToken>((a, _) => heard.Add(a)).Returns(Task.CompletedTask);

        await Process().HandleAsync(Sms("SM5"), default);
        await Process().HandleAsync(Sms("SM6", minutes: 1), default);

        Assert.True(heard[0].Opened);
        Assert.False(heard[1].Opened);
        Assert.Equal("sms", heard[1].Before?.LastInboundChannel);
        Assert.Equal(heard[0].Event.OccurredAt, heard[1].Before?.LastInboundAt);
    }

    [Fact]
    public async Task An_opened_conversation_is_routed_before_the_listeners_hear_of_it_and_a_joining_message_is_not_routed()
    {
        var router = new Mock<OmniSupport.Core.Routing.IConversationRouter>();
        router.Setup(r => r.RouteOpenedAsync(It.IsAny<Conversation>(), It.IsAny<Customer>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Conversation c, Customer u, string? _, CancellationToken _) =>
            {
                c.Queue = "billing";
                u.Attributes["tier"] = "gold";
                return new OmniSupport.Core.Routing.RoutedOpening(c, u);
            });
        var heard = new List<(string? Queue, string? Tier)>();
        _sink.Setup(s => s.InboundMessageAsync(It.IsAny<InboundActivity>(), It.IsAny<CancellationToken>()))
            .Callback<InboundActivity, CancellationToken>((a, _) => heard.Add((a.Conversation.Queue, a.Customer.Attributes.GetValueOrDefault("tier"))))
            .Returns(Task.CompletedTask);

        await Process(router.Object).HandleAsync(Sms("SM7"), default);
        await Process(router.Object).HandleAsync(Sms("SM8", minutes: 1), default);

        Assert.Equal(("billing", "gold"), heard[0]);
        router.Verify(r => r.RouteOpenedAsync(It.IsAny<Conversation>(), It.IsAny<Customer>(), "sms", It.IsAny<CancellationToken>()), Times.Once);
    }
}
