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
    private readonly Mock<ISlaStatusStore> _statuses = new();
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
        var file = Path.Combine(AppContext.BaseDirectory, "sla-policies.sample.json");
        var provider = new SlaPolicyProvider(Options.Create(new SlaOptions { PolicyFile = file }), NullLogger<SlaPolicyProvider>.Instance);
        _apply = new ApplySlaSignal(customers.Object, Mock.Of<IConversationStore>(), provider, new Activities.RecordSlaStatus(_statuses.Object), NullLogger<ApplySlaSignal>.Instance);
    }

    private static SlaSignalMessage Signal(string kind) =>
        new() { Kind = kind, ConversationId = "cnv_1", CustomerId = "cus_1", At = Policies.T0, Channel = "x" };

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
        _statuses.Verify(s => s.UpsertAsync(
            It.Is<SlaStatus>(r => r.ConversationId == "cnv_1" && r.State == SlaStates.Waiting && r.DueAt == Policies.T0.AddMinutes(5) && r.Policy == "enterprise"),
            It.IsAny<CancellationToken>()));
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
    public async Task A_concurrent_start_turns_into_an_event()
    {
        _client.RefuseStart = true;
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);

        Assert.Single(_client.Raised);
    }

    [Fact]
    public async Task Signals_for_an_ended_or_missing_orchestration_are_dropped()
    {
        await _apply.HandleAsync(Signal(SlaSignalKinds.AgentReply), _client, CancellationToken.None);
        _client.State = SlaInstanceState.Ended;
        await _apply.HandleAsync(Signal(SlaSignalKinds.CustomerMessage), _client, CancellationToken.None);

        Assert.Empty(_client.Started);
        Assert.Empty(_client.Raised);
    }

    [Fact]
    public async Task A_message_that_is_not_a_signal_is_dropped_not_retried()
    {
        await _apply.HandleAsync("not json", _client, CancellationToken.None);
        Assert.Empty(_client.Raised);
    }

    private sealed class FakeClient : ISlaOrchestrationClient
    {
        public SlaInstanceState State { get; set; } = SlaInstanceState.None;
        public bool RefuseStart { get; set; }
        public List<(string Id, SlaState State)> Started { get; } = [];
        public List<SlaSignal> Raised { get; } = [];

        public Task<SlaInstanceState> GetStateAsync(string instanceId, CancellationToken ct) => Task.FromResult(State);

        public Task<bool> TryStartAsync(string instanceId, SlaState input, CancellationToken ct)
        {
            if (RefuseStart)
            {
                return Task.FromResult(false);
            }

            Started.Add((instanceId, input));
            return Task.FromResult(true);
        }

        public Task RaiseAsync(string instanceId, SlaSignal signal, CancellationToken ct)
        {
            Raised.Add(signal);
            return Task.CompletedTask;
        }
    }
}
