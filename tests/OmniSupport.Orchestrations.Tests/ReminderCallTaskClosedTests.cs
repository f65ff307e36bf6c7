using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OmniSupport.Core.Appointments;
using OmniSupport.Core.Sla;
using OmniSupport.Orchestrations.Reminders;

namespace OmniSupport.Orchestrations.Tests;

/// <summary>A reminder's call task closed by an agent's hand reaches the reminder as a Twilio outcome would.</summary>
public class ReminderCallTaskClosedTests
{
    private readonly List<ReminderSignalMessage> _signals = [];
    private readonly Mock<ICallTaskStore> _tasks = new();
    private readonly CloseCallTask _close;

    public ReminderCallTaskClosedTests()
    {
        var queue = new Mock<IReminderSignalQueue>();
        queue.Setup(q => q.EnqueueAsync(It.IsAny<ReminderSignalMessage>(), It.IsAny<CancellationToken>()))
            .Callback((ReminderSignalMessage m, CancellationToken _) => _signals.Add(m)).Returns(Task.CompletedTask);
        var clock = new FakeTimeProvider(Policies.T0);
        _close = new CloseCallTask(_tasks.Object, clock, [new ReminderCallTaskClosed(queue.Object, clock)], NullLogger<CloseCallTask>.Instance);
    }

    private void SeedTask(string id, string conversationId) =>
        _tasks.Setup(t => t.GetAsync(id, It.IsAny<CancellationToken>())).ReturnsAsync(new CallTask { Id = id, ConversationId = conversationId, CustomerId = "cus_1", CreatedAt = Policies.T0 });

    [Theory]
    [InlineData("Spoke to the patient, she will come", "completed")]
    [InlineData("no-answer", "no-answer")]
    [InlineData("Busy", "busy")]
    public async Task An_agent_closing_a_reminder_call_task_tells_the_reminder_the_calls_outcome(string outcome, string status)
    {
        SeedTask("call_1", ReminderOrchestrator.InstanceId("apt_1"));

        await _close.CloseAsync("call_1", outcome, CancellationToken.None);

        var signal = Assert.Single(_signals);
        Assert.Equal((ReminderSignalKinds.CallEnded, "apt_1", status, "voice"), (signal.Kind, signal.AppointmentId, signal.CallStatus, signal.Channel));
    }

    [Fact]
    public async Task Closing_an_sla_call_task_or_one_already_closed_tells_no_reminder()
    {
        SeedTask("call_2", "cnv_1");
        await _close.CloseAsync("call_2", "done", CancellationToken.None);

        _tasks.Setup(t => t.GetAsync("call_3", It.IsAny<CancellationToken>())).ReturnsAsync(new CallTask
        {
            Id = "call_3", ConversationId = ReminderOrchestrator.InstanceId("apt_1"), CustomerId = "cus_1", CreatedAt = Policies.T0, Status = CallTaskStatus.Closed,
        });
        await _close.CloseAsync("call_3", "completed", CancellationToken.None);

        Assert.Empty(_signals);
    }
}
