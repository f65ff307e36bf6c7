using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Outbound;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Surveys;
using OmniSupport.Orchestrations.Activities;
using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations.Tests;

/// <summary>An escalation step acts only on an open conversation; the survey goes only to a resolved one.</summary>
public class ConversationGuardTests
{
    private readonly Mock<IConversationStore> _conversations = new();
    private readonly Mock<IOutboundQueue> _outbound = new();
    private readonly Mock<ICallTaskStore> _callTasks = new();
    private readonly Mock<ICallbackQueue> _callbacks = new();
    private readonly Mock<ISlaStatusStore> _statuses = new();
    private readonly Mock<IHttpClientFactory> _http = new();
    private readonly Mock<ICustomerStore> _customers = new();
    private readonly FakeTimeProvider _clock = new(Policies.T0);

    public ConversationGuardTests()
    {
        _customers.Setup(c => c.GetAsync("cus_1", It.IsAny<CancellationToken>())).ReturnsAsync(new Customer
        {
            Id = "cus_1",
            CreatedAt = Policies.T0,
            Identities = [new ContactIdentity(IdentityKinds.Email, "ana@example.com"), new ContactIdentity(IdentityKinds.Phone, "+14155550100")],
        });
    }

    private void Conversation(string status) =>
        _conversations.Setup(c => c.GetAsync("cnv_1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Conversation { Id = "cnv_1", CustomerId = "cus_1", OpenedAt = Policies.T0, Status = status });

    private ConversationGuard Guard => new(_conversations.Object, new SlaStepLog(_statuses.Object, new SlaStatusWriter(_statuses.Object)));

    private Func<SlaStepInput, Task<string>> Step(string action)
    {
        var log = new SlaStepLog(_statuses.Object, new SlaStatusWriter(_statuses.Object));
        var contacts = new CustomerContacts(_customers.Object);
        return action switch
        {
            EscalationActions.NotifySupervisor => i => new NotifySupervisor(_outbound.Object, _http.Object, log, Options.Create(new SlaOptions()), _clock, Guard).RunAsync(i, CancellationToken.None),
            EscalationActions.FollowUp => i => new SendFollowUp(contacts, _outbound.Object, log, _clock, Guard).RunAsync(i, CancellationToken.None),
            EscalationActions.CallTask => i => new CreateCallTask(contacts, _callTasks.Object, _callbacks.Object, log, Guard).RunAsync(i, CancellationToken.None),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    private static SlaStepInput Input(string action)
    {
        var step = new EscalationStep
        {
            After = TimeSpan.Zero, Action = action, Channels = ["email"], Email = ["lead@example.com"], Webhook = "https://hooks.example.com/x",
        };
        var state = Policies.Waiting(Policies.X, "x", Policies.T0);
        return new SlaStepInput(state, 0, step, Policies.T0.AddMinutes(30), Policies.T0.AddMinutes(30), new SlaBreach(SlaTargets.FirstResponse, Policies.T0.AddMinutes(30), Policies.T0.AddMinutes(30)));
    }

    [Theory]
    [InlineData(EscalationActions.NotifySupervisor)]
    [InlineData(EscalationActions.FollowUp)]
    [InlineData(EscalationActions.CallTask)]
    public async Task An_escalation_step_for_a_resolved_conversation_does_nothing(string action)
    {
        Conversation(ConversationStatus.Resolved);

        var outcome = await Step(action)(Input(action));

        Assert.Equal("skipped: the conversation is resolved", outcome);
        _outbound.VerifyNoOtherCalls();
        _callTasks.VerifyNoOtherCalls();
        _callbacks.VerifyNoOtherCalls();
        _http.VerifyNoOtherCalls();
        _statuses.Verify(s => s.SaveAsync(It.IsAny<SlaStatus>(), It.IsAny<CancellationToken>()), Times.Never); // no breach recorded either
    }

    [Theory]
    [InlineData(EscalationActions.NotifySupervisor, 0, "skipped: an agent answered")]
    [InlineData(EscalationActions.FollowUp, 0, "skipped: an agent answered")]
    [InlineData(EscalationActions.CallTask, 0, "skipped: an agent answered")]
    [InlineData(EscalationActions.FollowUp, 12, null)]
    public async Task An_escalation_step_after_an_agent_answered_the_wait_does_nothing_unless_the_customer_wrote_again(string action, int customerWroteAt, string? refusal)
    {
        // The orchestration still waits (it never heard of the reply); the conversation's own record says an agent answered at minute 10.
        _conversations.Setup(c => c.GetAsync("cnv_1", It.IsAny<CancellationToken>())).ReturnsAsync(new Conversation
        {
            Id = "cnv_1", CustomerId = "cus_1", OpenedAt = Policies.T0, Status = ConversationStatus.Open,
            LastInboundAt = Policies.T0.AddMinutes(customerWroteAt), LastAgentReplyAt = Policies.T0.AddMinutes(10),
        });

        var outcome = await Guard.StepRefusalAsync(Input(action), CancellationToken.None);

        Assert.Equal(refusal, outcome);
    }

    [Theory]
    [InlineData(EscalationActions.FollowUp)]
    [InlineData(EscalationActions.CallTask)]
    public async Task An_escalation_step_for_an_open_conversation_acts(string action)
    {
        Conversation(ConversationStatus.Open);
        _callTasks.Setup(t => t.CreateIfMissingAsync(It.IsAny<CallTask>(), It.IsAny<CancellationToken>())).ReturnsAsync((CallTask t, CancellationToken _) => t);

        var outcome = await Step(action)(Input(action));

        Assert.DoesNotContain("skipped", outcome, StringComparison.Ordinal);
        _statuses.Verify(s => s.SaveAsync(It.IsAny<SlaStatus>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(EscalationActions.NotifySupervisor)]
    [InlineData(EscalationActions.FollowUp)]
    [InlineData(EscalationActions.CallTask)]
    public async Task A_step_run_again_after_a_crash_does_not_act_twice_and_answers_its_first_outcome(string action)
    {
        // The host died after the step acted and recorded itself, before the orchestration saw the result: Durable runs it again.
        Conversation(ConversationStatus.Open);
        var input = Input(action);
        _statuses.Setup(s => s.GetAsync("cnv_1", It.IsAny<CancellationToken>())).ReturnsAsync(new SlaStatus
        {
            ConversationId = "cnv_1", CustomerId = "cus_1", State = SlaStates.Waiting,
            StepsDone = [new SlaStepRecord(input.StepIndex, action, input.At, "sent on email")],
        });

        var outcome = await Step(action)(input);

        Assert.Equal("sent on email", outcome);
        _outbound.VerifyNoOtherCalls();
        _callTasks.VerifyNoOtherCalls();
        _callbacks.VerifyNoOtherCalls();
        _http.VerifyNoOtherCalls();
        _statuses.Verify(s => s.SaveAsync(It.IsAny<SlaStatus>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_survey_goes_only_to_a_resolved_conversation()
    {
        var surveys = new Mock<ISurveyStore>();
        var send = new SendSurvey(new CustomerContacts(_customers.Object), _outbound.Object, surveys.Object, _clock, Guard);
        var request = new SurveyRequest("cnv_1", "cus_1", "email", Policies.T0);

        Conversation(ConversationStatus.Open);
        Assert.Equal("not sent: the conversation is not resolved", await send.RunAsync(request, CancellationToken.None));
        _outbound.VerifyNoOtherCalls();

        Conversation(ConversationStatus.Resolved);
        Assert.Equal("sent on email", await send.RunAsync(request, CancellationToken.None));
        _outbound.Verify(o => o.EnqueueAsync(It.Is<OutboundMessage>(m => m.Kind == OutboundKinds.Survey), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_resolved_status_row_is_never_turned_back_to_waiting()
    {
        var row = new SlaStatus { ConversationId = "cnv_1", CustomerId = "cus_1", State = SlaStates.Resolved };
        _statuses.Setup(s => s.GetAsync("cnv_1", It.IsAny<CancellationToken>())).ReturnsAsync(row);
        var state = Policies.Waiting(Policies.X, "x", Policies.T0);

        var written = await new RecordSlaStatus(new SlaStatusWriter(_statuses.Object)).RunAsync(new SlaStatusUpdate(state, Policies.T0.AddMinutes(30), null, false, Policies.T0), CancellationToken.None);

        Assert.Equal(SlaStates.Resolved, written);
        _statuses.Verify(s => s.SaveAsync(It.IsAny<SlaStatus>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
