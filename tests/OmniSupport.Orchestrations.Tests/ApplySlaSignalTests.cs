using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Sla;
using OmniSupport.Orchestrations.Policies;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Orchestrations.Tests;

public class ApplySlaSignalTests
{
    private readonly FakeClient _client = new();
    private readonly MemorySlaStatusStore _statuses = new();
    private readonly Mock<IConversationStore> _conversations = new();
    private readonly List<(SlaSignalMessage Signal, TimeSpan Delay)> _putBack = [];
    private readonly ApplySlaSignal _apply;

    public ApplySlaSignalTests()
    {
        var customers = new Mock<ICustomerStore>();
        customers.Setup(c => c.GetAsync("cus_1", It.IsAny<CancellationToken>())).ReturnsAsync(new Customer
        {
            Id = "cus_1",
            CreatedAt = Policies.T0,
            Attributes = new(StringComparer.OrdinalIgnoreCase) { ["tier"] = "enterprise" },
        });
        customers.Setup(c => c.GetAsync("cus_2", It.IsAny<CancellationToken>())).ReturnsAsync(new Customer { Id = "cus_2", CreatedAt = Policies.T0 });
        var file = Path.Combine(AppContext.BaseDirectory, "sla-policies.sample.json");
        var provider = new SlaPolicyProvider(Options.Create(new SlaOptions { PolicyFile = file }), NullLogger<SlaPolicyProvider>.Instance);
        var queue = new Mock<ISlaSignalQueue>();
        queue.Setup(q => q.EnqueueAsync(It.IsAny<SlaSignalMessage>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback((SlaSignalMessage m, TimeSpan d, CancellationToken _) => _putBack.Add((m, d)))
            .Returns(Task.CompletedTask);
        _apply = new ApplySlaSignal(customers.Object, _conversations.Object, provider, new SlaStatusWriter(_statuses), queue.Object, NullLogger<ApplySlaSignal>.Instance);
    }

    /// <summary>A signal; a customer message as the one that opened the conversation unless <paramref name="opens"/> says not.</summary>
    private static SlaSignalMessage Signal(string kind, int minute = 0, string channel = "x", string customer = "cus_1", bool opens = true) =>
        new() { Kind = kind, ConversationId = "cnv_1", CustomerId = customer, At = Policies.T0.AddMinutes(minute), Channel = channel, Opens = opens && kind == SlaSignalKinds.CustomerMessage };

    /// <summary>The signal of the message that opened the conversation, as the ingest worker sends it.</summary>
    private static SlaSignalMessage Opening(int minute = 0) =>
        new() { Kind = SlaSignalKinds.CustomerMessage, ConversationId = "cnv_1", CustomerId = "cus_1", At = Policies.T0.AddMinutes(minute), Channel = "x", Opens = true };

    [Fact]
    public async Task First_customer_message_starts_the_orchestration_with_the_tiers_policy()
    {
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);

        var (id, state) = Assert.Single(_client.Started);
        Assert.Equal("sla-cnv_1", id);
        Assert.Equal("enterprise", state.Start!.Policy!.Name);
        Assert.Equal("enterprise", state.Start.Tier);
        Assert.True(state.StartRecorded);
        Assert.Empty(_client.Raised);
        var row = _statuses.Read("cnv_1")!;
        Assert.Equal((SlaStates.Waiting, Policies.T0.AddMinutes(5), "enterprise"), (row.State, row.DueAt, row.Policy));
    }

    [Fact]
    public async Task Later_signals_are_raised_on_the_running_orchestration()
    {
        _client.State = SlaInstanceState.Active;
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);
        await _apply.HandleAsync(Signal(SlaSignalKinds.Resolved), _client, CancellationToken.None);

        Assert.Empty(_client.Started);
        Assert.Equal([SlaSignalKinds.CustomerMessage, SlaSignalKinds.Resolved], _client.Raised.Select(r => r.Kind));
        Assert.Equal(TimeSpan.FromHours(2), _client.Raised[1].SurveyDelay);
    }

    [Fact]
    public async Task A_queue_change_keeps_the_policy_of_the_channel_the_customer_wrote_on()
    {
        // A queue change carries no channel: the policy is still resolved for the conversation's channel, not the catch-all.
        _client.State = SlaInstanceState.Active;
        _conversations.Setup(c => c.GetAsync("cnv_2", It.IsAny<CancellationToken>())).ReturnsAsync(new Core.Conversations.Conversation
        {
            Id = "cnv_2", CustomerId = "cus_2", OpenedAt = Policies.T0, Queue = "general", LastInboundChannel = "chat", Channels = ["chat"],
        });

        await _apply.HandleAsync(new SlaSignalMessage { Kind = SlaSignalKinds.QueueChanged, ConversationId = "cnv_2", CustomerId = "cus_2", At = Policies.T0 }, _client, CancellationToken.None);

        Assert.Equal("chat", Assert.Single(_client.Raised).Policy!.Name);
    }

    [Fact]
    public async Task A_message_the_ingest_worker_judged_reaches_the_running_orchestration_without_reading_the_customer_or_conversation_again()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "sla-policies.sample.json");
        var provider = new SlaPolicyProvider(Options.Create(new SlaOptions { PolicyFile = file }), NullLogger<SlaPolicyProvider>.Instance);
        var apply = new ApplySlaSignal(
            new Mock<ICustomerStore>(MockBehavior.Strict).Object, new Mock<IConversationStore>(MockBehavior.Strict).Object, provider,
            new SlaStatusWriter(_statuses), Mock.Of<ISlaSignalQueue>(), NullLogger<ApplySlaSignal>.Instance);
        _client.State = SlaInstanceState.Active;
        var judged = new SlaSignalMessage
        {
            Kind = SlaSignalKinds.CustomerMessage, ConversationId = "cnv_1", CustomerId = "cus_1", At = Policies.T0, Channel = "chat", Tier = null, TierKnown = true,
        };

        await apply.HandleAsync(judged, _client, CancellationToken.None);

        var raised = Assert.Single(_client.Raised);
        Assert.Equal("chat", raised.Policy!.Name);
    }

    private ApplySlaSignal ReadingNothing()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "sla-policies.sample.json");
        var provider = new SlaPolicyProvider(Options.Create(new SlaOptions { PolicyFile = file }), NullLogger<SlaPolicyProvider>.Instance);
        return new ApplySlaSignal(
            new Mock<ICustomerStore>(MockBehavior.Strict).Object, new Mock<IConversationStore>(MockBehavior.Strict).Object, provider,
            new SlaStatusWriter(_statuses), Mock.Of<ISlaSignalQueue>(), NullLogger<ApplySlaSignal>.Instance);
    }

    [Fact]
    public async Task An_opening_signalled_as_routed_starts_the_clock_without_reading_the_customer_or_conversation()
    {
        var opening = new SlaSignalMessage
        {
            Kind = SlaSignalKinds.CustomerMessage, ConversationId = "cnv_1", CustomerId = "cus_1", At = Policies.T0, Channel = "chat",
            Queue = "billing", Priority = 2, Tier = "enterprise", TierKnown = true, Opens = true,
        };

        await ReadingNothing().HandleAsync(opening, _client, CancellationToken.None);

        var (_, state) = Assert.Single(_client.Started);
        Assert.Equal(("billing", 2, "enterprise"), (state.Start!.Queue, state.Start.Priority, state.Start.Tier));
        Assert.Equal("billing", _statuses.Read("cnv_1")!.Queue);
        Assert.Equal(0, _client.StateQueries);
    }

    [Theory]
    [InlineData(SlaSignalKinds.AgentReply)]
    [InlineData(SlaSignalKinds.Resolved)]
    public async Task A_reply_or_a_resolution_reaches_the_running_orchestration_without_reading_the_customer(string kind)
    {
        _client.State = SlaInstanceState.Active;

        await ReadingNothing().HandleAsync(Signal(kind), _client, CancellationToken.None);

        Assert.Equal(kind, Assert.Single(_client.Raised).Kind);
    }

    [Fact]
    public async Task The_backend_is_asked_nothing_where_the_status_row_tells_whether_the_orchestration_runs()
    {
        await _apply.HandleAsync(Opening(), _client, CancellationToken.None);
        await _apply.HandleAsync(Signal(SlaSignalKinds.AgentReply, 3), _client, CancellationToken.None);
        await _apply.HandleAsync(Signal(SlaSignalKinds.Resolved, 4), _client, CancellationToken.None);
        await _apply.HandleAsync(Signal(SlaSignalKinds.AgentReply, 5), _client, CancellationToken.None);

        Assert.Equal(0, _client.StateQueries);
        Assert.Single(_client.Started);
        Assert.Equal([SlaSignalKinds.AgentReply, SlaSignalKinds.Resolved], _client.Raised.Select(r => r.Kind)); // the reply after the resolution is dropped
    }

    [Fact]
    public async Task A_redelivered_first_message_after_a_crash_before_its_row_writes_the_row_and_raises_it_again()
    {
        await _apply.HandleAsync(Opening(), _client, CancellationToken.None);
        _statuses.Clear(); // the worker stopped between the start and the row

        await _apply.HandleAsync(Opening(), _client, CancellationToken.None);

        Assert.Single(_client.Started);
        Assert.True(Assert.Single(_client.Raised).Recorded);
        Assert.Equal(SlaStates.Waiting, _statuses.Read("cnv_1")!.State);
    }

    [Fact]
    public async Task A_concurrent_start_turns_into_an_event()
    {
        _client.RefuseStart = true;
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);

        Assert.Single(_client.Raised);
    }

    [Fact]
    public async Task Signals_for_an_ended_orchestration_are_dropped()
    {
        _client.State = SlaInstanceState.Ended;
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);
        await _apply.HandleAsync(Signal(SlaSignalKinds.Resolved), _client, CancellationToken.None);

        Assert.Empty(_client.Started);
        Assert.Empty(_client.Raised);
        Assert.Empty(_putBack);
    }

    [Theory]
    [InlineData(SlaSignalKinds.Resolved)]
    [InlineData(SlaSignalKinds.QueueChanged)]
    [InlineData(SlaSignalKinds.AgentReply)]
    [InlineData(SlaSignalKinds.CustomerMessage)] // a second message, while the opening still starts the orchestration
    public async Task A_signal_that_arrives_before_its_orchestration_exists_waits_on_the_queue_instead_of_being_dropped(string kind)
    {
        await _apply.HandleAsync(Signal(kind, opens: false), _client, CancellationToken.None);

        var (again, delay) = Assert.Single(_putBack);
        Assert.Equal((kind, "cnv_1", 1), (again.Kind, again.ConversationId, again.Deferrals));
        Assert.Equal(TimeSpan.FromSeconds(1), delay);
        Assert.Empty(_client.Started);
        Assert.Empty(_client.Raised);

        // The first customer message starts the instance meanwhile; the signal put back is then raised on it.
        _client.State = SlaInstanceState.Active;
        await _apply.HandleAsync(again, _client, CancellationToken.None);
        Assert.Equal([kind], _client.Raised.Select(r => r.Kind));
        Assert.Single(_putBack);
    }

    [Fact]
    public async Task A_signal_whose_orchestration_never_appears_starts_it_after_the_last_deferral()
    {
        var late = new SlaSignalMessage
        {
            Kind = SlaSignalKinds.Resolved, ConversationId = "cnv_1", CustomerId = "cus_1", At = Policies.T0, Deferrals = ApplySlaSignal.MaxDeferrals,
        };

        await _apply.HandleAsync(late, _client, CancellationToken.None);

        var (id, state) = Assert.Single(_client.Started);
        Assert.Equal("sla-cnv_1", id);
        Assert.Equal(SlaSignalKinds.Resolved, state.Start!.Kind);
        Assert.False(state.StartRecorded);
        Assert.Empty(_putBack);
    }

    [Fact]
    public void Deferral_delays_grow_and_stay_short()
    {
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(0, 7).Select(i => ApplySlaSignal.DeferralDelay(i).TotalSeconds));
    }

    [Fact]
    public async Task A_message_that_is_not_a_signal_is_dropped_not_retried()
    {
        await _apply.HandleAsync("not json", _client, CancellationToken.None);
        Assert.Empty(_client.Raised);
    }

    [Fact]
    public async Task A_reply_is_written_to_the_status_row_before_it_is_raised_so_the_orchestration_needs_no_activity_for_it()
    {
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);
        _client.State = SlaInstanceState.Active;

        await _apply.HandleAsync(Signal(SlaSignalKinds.AgentReply, 3), _client, CancellationToken.None);

        var row = _statuses.Read("cnv_1")!;
        Assert.Equal((SlaStates.Answered, (DateTimeOffset?)null, SlaTargets.NextResponse), (row.State, row.DueAt, row.Target));
        Assert.Equal((Policies.T0, Policies.T0.AddMinutes(3)), (row.LastCustomerMessageAt!.Value, row.LastAgentReplyAt!.Value));
        Assert.True(Assert.Single(_client.Raised).Recorded);
    }

    [Fact]
    public async Task The_row_a_signal_leaves_is_the_one_the_orchestrator_writes_for_the_same_signals()
    {
        // The same two signals through the worker and through the orchestrator's own rule and row writer.
        var first = Signal(SlaSignalKinds.CustomerMessage, 0, "email", "cus_2");
        var stricter = Signal(SlaSignalKinds.CustomerMessage, 1, "chat", "cus_2");
        await _apply.HandleAsync(first, _client, CancellationToken.None);
        _client.State = SlaInstanceState.Active;
        await _apply.HandleAsync(stricter, _client, CancellationToken.None);

        var state = new SlaState { ConversationId = "cnv_1", CustomerId = "cus_2" };
        SlaOrchestrator.Apply(state, _client.Started[0].State.Start!);
        SlaOrchestrator.Apply(state, _client.Raised[0]);
        var expected = new SlaStatus { ConversationId = "cnv_1", CustomerId = "cus_2" };
        SlaStatusRow.Write(expected, new SlaStatusUpdate(state, SlaPlan.DueAt(state), null, false, stricter.At));

        var row = _statuses.Read("cnv_1")!;
        Assert.Equal(("chat", Policies.T0.AddMinutes(2)), (row.Policy!, row.DueAt!.Value)); // chat answers sooner than email
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(row));
    }

    [Fact]
    public async Task A_row_another_writer_changed_meanwhile_is_read_again_and_keeps_what_that_writer_added()
    {
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);
        _client.State = SlaInstanceState.Active;
        var step = new SlaStepRecord(0, EscalationActions.FollowUp, Policies.T0.AddMinutes(5), "sent on email");
        _statuses.BeforeNextSave = store =>
        {
            var other = store.Read("cnv_1")!;
            other.StepsDone.Add(step);
            store.SaveAsync(other, CancellationToken.None).GetAwaiter().GetResult();
        };

        await _apply.HandleAsync(Signal(SlaSignalKinds.AgentReply, 6), _client, CancellationToken.None);

        var row = _statuses.Read("cnv_1")!;
        Assert.Equal(SlaStates.Answered, row.State);
        Assert.Equal([step], row.StepsDone);
        Assert.Equal(3, _statuses.Saves); // first row, the other writer's, the reply's second try
    }

    [Fact]
    public async Task A_resolution_is_final_on_the_row_whatever_is_raised_after_it()
    {
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);
        _client.State = SlaInstanceState.Active;
        await _apply.HandleAsync(Signal(SlaSignalKinds.Resolved, 1), _client, CancellationToken.None);
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage, 2), _client, CancellationToken.None);

        var row = _statuses.Read("cnv_1")!;
        Assert.Equal((SlaStates.Resolved, (DateTimeOffset?)null, (DateTimeOffset?)null), (row.State, row.WaitingSince, row.DueAt));
        Assert.All(_client.Raised, r => Assert.True(r.Recorded));
    }

    private sealed class FakeClient : ISlaOrchestrationClient
    {
        public SlaInstanceState State { get; set; } = SlaInstanceState.None;
        public bool RefuseStart { get; set; }
        public List<(string Id, SlaState State)> Started { get; } = [];
        public List<SlaSignal> Raised { get; } = [];

        /// <summary>How often the backend was asked where the instance stands (one storage query each).</summary>
        public int StateQueries { get; private set; }

        public Task<SlaInstanceState> GetStateAsync(string instanceId, CancellationToken ct)
        {
            StateQueries++;
            return Task.FromResult(State);
        }

        /// <summary>As the backends do: refused when the instance exists, in whatever state.</summary>
        public Task<bool> TryStartAsync(string instanceId, SlaState input, CancellationToken ct)
        {
            if (RefuseStart || State != SlaInstanceState.None)
            {
                return Task.FromResult(false);
            }

            Started.Add((instanceId, input));
            State = SlaInstanceState.Active;
            return Task.FromResult(true);
        }

        public Task RaiseAsync(string instanceId, SlaSignal signal, CancellationToken ct)
        {
            Raised.Add(signal);
            return Task.CompletedTask;
        }
    }
}
