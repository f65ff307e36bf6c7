using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Sla;
using OmniSupport.Orchestrations.Calls;

namespace OmniSupport.Orchestrations.Tests;

/// <summary>The callbacks queue's use case: a call task is dialed once, and only while its conversation is open.</summary>
public sealed class PlaceCallTaskTests
{
    private readonly Mock<ICallTaskStore> _tasks = new();
    private readonly Mock<IConversationStore> _conversations = new();
    private readonly Mock<ICallDialer> _dialer = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CallTask _task = new()
    {
        Id = "call_1", ConversationId = "cnv_1", CustomerId = "cus_1", Phone = "+14155550100", CreatedAt = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero),
    };

    public PlaceCallTaskTests()
    {
        _tasks.Setup(t => t.GetAsync("call_1", It.IsAny<CancellationToken>())).ReturnsAsync(_task);
        _tasks.Setup(t => t.TryClaimForDialingAsync("call_1", It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _dialer.SetupGet(d => d.IsConfigured).Returns(true);
        _dialer.Setup(d => d.DialAsync("call_1", "+14155550100", It.IsAny<CancellationToken>())).ReturnsAsync(new PlacedCall("CA1"));
    }

    private PlaceCallTask UseCase() => new(_tasks.Object, _conversations.Object, _dialer.Object, _clock, NullLogger<PlaceCallTask>.Instance);

    private void ConversationIs(string status) =>
        _conversations.Setup(c => c.GetAsync("cnv_1", It.IsAny<CancellationToken>())).ReturnsAsync(new Conversation
        {
            Id = "cnv_1", CustomerId = "cus_1", Status = status, OpenedAt = _clock.GetUtcNow(),
        });

    [Fact]
    public async Task A_task_of_an_open_conversation_is_dialed_and_marked_placed()
    {
        ConversationIs(ConversationStatus.Open);

        await UseCase().HandleAsync("call_1", default);

        _dialer.Verify(d => d.DialAsync("call_1", "+14155550100", It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal((CallTaskStatus.Placed, "CA1"), (_task.Status, _task.CallSid));
    }

    [Fact]
    public async Task A_task_whose_conversation_was_resolved_is_closed_without_a_call()
    {
        ConversationIs(ConversationStatus.Resolved);

        await UseCase().HandleAsync("call_1", default);

        _dialer.Verify(d => d.DialAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _tasks.Verify(t => t.TryClaimForDialingAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal((CallTaskStatus.Closed, PlaceCallTask.ConversationResolvedOutcome), (_task.Status, _task.Outcome));
        _tasks.Verify(t => t.UpdateAsync(_task, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_task_that_belongs_to_no_conversation_such_as_an_appointment_reminders_is_dialed()
    {
        _conversations.Setup(c => c.GetAsync("cnv_1", It.IsAny<CancellationToken>())).ReturnsAsync((Conversation?)null);

        await UseCase().HandleAsync("call_1", default);

        Assert.Equal(CallTaskStatus.Placed, _task.Status);
    }

    [Fact]
    public async Task A_refused_call_gives_the_task_back_and_fails_the_message_for_its_retry()
    {
        ConversationIs(ConversationStatus.Open);
        _dialer.Setup(d => d.DialAsync("call_1", "+14155550100", It.IsAny<CancellationToken>())).ThrowsAsync(new CallDialException("refused"));

        await Assert.ThrowsAsync<CallDialException>(() => UseCase().HandleAsync("call_1", default));

        Assert.Equal(CallTaskStatus.Open, _task.Status);
    }

    [Fact]
    public async Task Without_a_dialer_the_task_waits_for_an_agent()
    {
        _dialer.SetupGet(d => d.IsConfigured).Returns(false);

        await UseCase().HandleAsync("call_1", default);

        _dialer.Verify(d => d.DialAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(CallTaskStatus.Open, _task.Status);
    }
}
