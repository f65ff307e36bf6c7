using Moq;
using OmniSupport.Core.Analytics;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Sla;

namespace OmniSupport.Core.Tests;

/// <summary>The journey use cases over in-memory stores: idempotent steps, repeat contacts, the resolution.</summary>
public sealed class JourneyRecordingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly InMemoryJourneys _journeys = new();
    private readonly InMemoryCustomers _customers = new();
    private readonly Mock<ISlaStatusStore> _sla = new();

    public JourneyRecordingTests() => _customers.Seed("cus_1", T0);

    private RecordInboundStep Inbound() => new(_journeys, new InMemoryConversations());

    private RecordJourneyResolution Resolution() => new(_journeys, _sla.Object, _customers);

    private static Conversation Conversation(string id, DateTimeOffset openedAt) => new() { Id = id, CustomerId = "cus_1", OpenedAt = openedAt, Queue = "general" };

    private static InboundMessage Message(string id, string channel, DateTimeOffset at) => new()
    {
        Source = "test",
        ProviderMessageId = id,
        Channel = channel,
        SentAt = at,
        From = [new SenderIdentity("phone", "+14155550100")],
        Text = "hi",
    };

    private async Task ResolveAsync(Conversation conversation, DateTimeOffset at)
    {
        conversation.Status = ConversationStatus.Resolved;
        conversation.ResolvedAt = at;
        conversation.Disposition = new Disposition { Code = "resolved", Recollected = true, Actor = "maria", At = at };
        await Resolution().ResolvedAsync(conversation, "maria", CancellationToken.None);
    }

    [Fact]
    public async Task A_redelivered_message_gets_the_same_step_and_is_not_counted_twice()
    {
        var conversation = Conversation("cnv_1", T0);

        var first = await Inbound().RecordAsync(conversation, true, "evt_1", Message("m1", "chat", T0), CancellationToken.None);
        var again = await Inbound().RecordAsync(conversation, true, "evt_1", Message("m1", "chat", T0), CancellationToken.None);
        var second = await Inbound().RecordAsync(conversation, false, "evt_2", Message("m2", "voice", T0.AddMinutes(5)), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(2, second.Step);
        var record = await _journeys.GetAsync("cnv_1", CancellationToken.None);
        Assert.Equal(2, record!.Contacts);
        Assert.Equal("chat>voice", record.Path);
    }

    [Fact]
    public async Task The_path_follows_when_the_customer_wrote_even_when_a_later_message_was_processed_first()
    {
        var conversation = Conversation("cnv_1", T0);

        await Inbound().RecordAsync(conversation, true, "evt_2", Message("m2", "email", T0.AddMinutes(5)), CancellationToken.None);
        await Inbound().RecordAsync(conversation, false, "evt_1", Message("m1", "chat", T0), CancellationToken.None);

        var record = await _journeys.GetAsync("cnv_1", CancellationToken.None);
        Assert.Equal("chat>email", record!.Path);
    }

    [Fact]
    public async Task The_resolution_writes_the_day_copy_with_sla_tier_and_disposition()
    {
        _customers.Rows["cus_1"].Customer.Attributes["tier"] = "gold";
        _sla.Setup(s => s.GetAsync("cnv_1", It.IsAny<CancellationToken>())).ReturnsAsync(new SlaStatus
        {
            ConversationId = "cnv_1", CustomerId = "cus_1", Breaches = [new SlaBreach(SlaTargets.FirstResponse, T0.AddMinutes(5), T0.AddMinutes(5))],
        });
        var conversation = Conversation("cnv_1", T0);
        await Inbound().RecordAsync(conversation, true, "evt_1", Message("m1", "sms", T0), CancellationToken.None);

        await ResolveAsync(conversation, T0.AddHours(2));

        var summary = _journeys.Resolved["cnv_1"];
        Assert.Equal(T0.AddHours(2), summary.ResolvedAt);
        Assert.Equal(7200, summary.ResolutionSeconds);
        Assert.Equal("gold", summary.Tier);
        Assert.Equal("general", summary.Queue);
        Assert.False(summary.SlaMet);
        Assert.Equal("resolved", summary.Disposition);
        Assert.True(summary.Recollected);
        Assert.Empty(summary.Steps);
        Assert.Equal(new LastResolvedJourney("cus_1", "cnv_1", "cnv_1", T0.AddHours(2), 1, "sms"), _journeys.LastResolved["cus_1"]);
    }

    [Fact]
    public async Task A_new_conversation_within_seven_days_of_the_resolution_joins_the_journey_and_counts_against_the_first()
    {
        var first = Conversation("cnv_1", T0);
        await Inbound().RecordAsync(first, true, "evt_1", Message("m1", "sms", T0), CancellationToken.None);
        await ResolveAsync(first, T0.AddHours(1));

        var back = T0.AddHours(1 + 30);
        var repeat = Conversation("cnv_2", back);
        var step = await Inbound().RecordAsync(repeat, true, "evt_2", Message("m2", "sms", back), CancellationToken.None);
        await Inbound().RecordAsync(repeat, true, "evt_2", Message("m2", "sms", back), CancellationToken.None); // redelivered

        Assert.Equal(new JourneyStep("cnv_1", 2, "sms", "sms", "inbound", false), step);
        var head = _journeys.Resolved["cnv_1"];
        Assert.Equal(back, head.RepeatContactAt);
        Assert.Equal("cnv_2", head.RepeatConversationId);
        Assert.False(head.RepeatWithin24h);
        Assert.True(head.RepeatWithin48h);
        var repeatRecord = await _journeys.GetAsync("cnv_2", CancellationToken.None);
        Assert.Equal("cnv_1", repeatRecord!.RepeatOf);
        Assert.Equal("cnv_1", repeatRecord.JourneyId);
    }

    [Fact]
    public async Task A_new_conversation_more_than_seven_days_later_is_a_journey_of_its_own()
    {
        var first = Conversation("cnv_1", T0);
        await Inbound().RecordAsync(first, true, "evt_1", Message("m1", "sms", T0), CancellationToken.None);
        await ResolveAsync(first, T0.AddHours(1));

        var later = T0.AddHours(1).AddDays(7).AddSeconds(1);
        var step = await Inbound().RecordAsync(Conversation("cnv_2", later), true, "evt_2", Message("m2", "email", later), CancellationToken.None);

        Assert.Equal(new JourneyStep("cnv_2", 1, "email", null, "inbound", false), step);
        Assert.Null(_journeys.Resolved["cnv_1"].RepeatContactAt);
    }
}
