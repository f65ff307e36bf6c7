using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Timeline;
using OmniSupport.Orchestrations.Policies;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Orchestrations.Tests;

/// <summary>What the ingest worker tells the SLA engine about a customer message (the sample policies: chat 2 min, email and SMS 24 h).</summary>
public class SlaActivitySinkTests
{
    private static readonly DateTimeOffset T0 = Policies.T0;
    private readonly List<SlaSignalMessage> _sent = [];
    private readonly SlaActivitySink _sink;

    public SlaActivitySinkTests()
    {
        var queue = new Mock<ISlaSignalQueue>();
        queue.Setup(q => q.EnqueueAsync(It.IsAny<SlaSignalMessage>(), It.IsAny<CancellationToken>()))
            .Callback((SlaSignalMessage m, CancellationToken _) => _sent.Add(m))
            .Returns(Task.CompletedTask);
        var file = Path.Combine(AppContext.BaseDirectory, "sla-policies.sample.json");
        var provider = new SlaPolicyProvider(Options.Create(new SlaOptions { PolicyFile = file }), NullLogger<SlaPolicyProvider>.Instance);
        _sink = new SlaActivitySink(queue.Object, provider, NullLogger<SlaActivitySink>.Instance);
    }

    private static Customer Customer(string? tier = null) => new()
    {
        Id = "cus_1",
        CreatedAt = T0,
        Attributes = tier is null ? new(StringComparer.OrdinalIgnoreCase) : new(StringComparer.OrdinalIgnoreCase) { ["tier"] = tier },
    };

    private static Conversation Conversation(DateTimeOffset? replied = null) =>
        new() { Id = "cnv_1", CustomerId = "cus_1", OpenedAt = T0, LastAgentReplyAt = replied };

    private Task Inbound(string channel, DateTimeOffset at, InboundBefore? before, bool opened = false, Conversation? conversation = null, Customer? customer = null) =>
        _sink.InboundMessageAsync(
            new InboundActivity(customer ?? Customer(), conversation ?? Conversation(), new TimelineEvent
            {
                Id = "evt_" + at.Ticks,
                CustomerId = "cus_1",
                ConversationId = "cnv_1",
                Channel = channel,
                Direction = Direction.Inbound,
                OccurredAt = at,
            }, opened, before),
            CancellationToken.None);

    [Fact]
    public async Task The_message_that_opens_the_conversation_is_told_with_the_queue_policy_and_tier_routing_gave_it()
    {
        var routed = Conversation();
        routed.Queue = "enterprise";
        routed.Priority = 1;
        routed.SlaPolicy = "gold";

        await Inbound("sms", T0, new InboundBefore(null, null), opened: true, conversation: routed, customer: Customer("vip"));

        var sent = Assert.Single(_sent);
        Assert.Equal(SlaSignalKinds.CustomerMessage, sent.Kind);
        Assert.Equal(("enterprise", 1, "gold"), (sent.Queue, sent.Priority, sent.SlaPolicy));
        Assert.Equal((true, "vip"), (sent.TierKnown, sent.Tier)); // the signal worker reads neither again
        Assert.True(sent.Opens); // and starts the clock without looking the orchestration up first
    }

    [Fact]
    public async Task A_second_customer_message_on_the_same_channel_while_waiting_sends_no_signal()
    {
        await Inbound("sms", T0.AddMinutes(1), new InboundBefore("sms", T0));

        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_message_on_a_stricter_channel_while_waiting_is_told_with_the_tier_it_was_judged_on()
    {
        await Inbound("chat", T0.AddMinutes(1), new InboundBefore("email", T0));

        var sent = Assert.Single(_sent);
        Assert.Equal(("chat", true, null, false), (sent.Channel, sent.TierKnown, sent.Tier, sent.Opens));
    }

    [Fact]
    public async Task The_first_message_after_an_agent_reply_is_told()
    {
        await Inbound("sms", T0.AddMinutes(10), new InboundBefore("sms", T0), conversation: Conversation(replied: T0.AddMinutes(5)));

        Assert.Single(_sent);
    }

    [Fact]
    public async Task A_second_message_after_the_reply_joins_the_new_wait_untold()
    {
        await Inbound("sms", T0.AddMinutes(12), new InboundBefore("sms", T0.AddMinutes(10)), conversation: Conversation(replied: T0.AddMinutes(5)));

        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_tier_whose_policy_covers_every_channel_makes_a_channel_switch_no_change()
    {
        await Inbound("chat", T0.AddMinutes(1), new InboundBefore("email", T0), customer: Customer("enterprise"));

        Assert.Empty(_sent);
    }

    [Fact]
    public async Task A_redelivered_or_late_message_is_told_because_its_effect_cannot_be_told_apart()
    {
        await Inbound("sms", T0.AddMinutes(1), before: null);

        Assert.Single(_sent);
    }

    [Fact]
    public async Task Replies_resolutions_and_queue_changes_are_always_told()
    {
        var conversation = Conversation();
        var reply = new TimelineEvent { Id = "evt_r", CustomerId = "cus_1", ConversationId = "cnv_1", Channel = "sms", Direction = Direction.Outbound, OccurredAt = T0 };

        await _sink.AgentReplyAsync(conversation, reply, CancellationToken.None);
        await _sink.QueueChangedAsync(conversation, "supervisor", CancellationToken.None);
        await _sink.ResolvedAsync(conversation, "agent", CancellationToken.None);

        Assert.Equal([SlaSignalKinds.AgentReply, SlaSignalKinds.QueueChanged, SlaSignalKinds.Resolved], _sent.Select(s => s.Kind));
    }
}
