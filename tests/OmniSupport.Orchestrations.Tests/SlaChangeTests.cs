using OmniSupport.Core.Conversations;
using OmniSupport.Core.Sla;

namespace OmniSupport.Orchestrations.Tests;

/// <summary>When a customer message is worth telling the SLA orchestration: the orchestrator's own rule, run ahead.</summary>
public class SlaChangeTests
{
    private static readonly DateTimeOffset T0 = Policies.T0;

    [Fact]
    public void A_second_message_on_the_same_channel_while_waiting_changes_nothing()
    {
        var waiting = Policies.Waiting(Policies.X, "x", T0);

        Assert.False(SlaChange.Changes(waiting, Policies.Message("x", T0.AddMinutes(3), Policies.X)));
    }

    [Fact]
    public void A_message_on_a_channel_with_a_stricter_target_changes_the_due_time()
    {
        var waitingOnEmail = Policies.Waiting(Policies.Email, "email", T0);

        Assert.True(SlaChange.Changes(waitingOnEmail, Policies.Message("x", T0.AddMinutes(3), Policies.X)));
    }

    [Fact]
    public void A_message_on_a_channel_with_a_looser_target_changes_nothing()
    {
        var waitingOnX = Policies.Waiting(Policies.X, "x", T0);

        Assert.False(SlaChange.Changes(waitingOnX, Policies.Message("email", T0.AddMinutes(3), Policies.Email)));
    }

    [Fact]
    public void A_message_on_another_channel_under_the_same_policy_changes_nothing()
    {
        var waiting = Policies.Waiting(Policies.X, "x", T0);

        Assert.False(SlaChange.Changes(waiting, Policies.Message("email", T0.AddMinutes(3), Policies.X)));
    }

    [Fact]
    public void The_first_message_after_an_agent_reply_starts_a_new_wait()
    {
        var answered = Policies.Waiting(Policies.X, "x", T0);
        SlaOrchestrator.Apply(answered, new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(5), Channel = "x" });

        Assert.True(SlaChange.Changes(answered, Policies.Message("x", T0.AddMinutes(9), Policies.X)));
    }

    [Theory]
    [InlineData(SlaSignalKinds.AgentReply)]
    [InlineData(SlaSignalKinds.QueueChanged)]
    [InlineData(SlaSignalKinds.Resolved)]
    public void Replies_queue_changes_and_resolutions_are_always_told(string kind)
    {
        var waiting = Policies.Waiting(Policies.X, "x", T0);

        Assert.True(SlaChange.Changes(waiting, new SlaSignal { Kind = kind, At = T0.AddMinutes(1) }));
    }

    [Fact]
    public void The_conversation_row_says_waiting_when_the_last_customer_message_is_newer_than_the_last_reply()
    {
        var conversation = new Conversation { Id = "cnv_1", CustomerId = "cus_1", OpenedAt = T0, LastAgentReplyAt = T0.AddMinutes(5) };

        var waiting = SlaChange.Known(conversation, new InboundBefore("x", T0.AddMinutes(7)), Policies.X, null);
        var answered = SlaChange.Known(conversation, new InboundBefore("x", T0.AddMinutes(4)), Policies.X, null);

        Assert.NotNull(waiting.WaitingSince);
        Assert.Equal(SlaTargets.NextResponse, waiting.Target);
        Assert.Null(answered.WaitingSince);
        Assert.True(SlaChange.Changes(answered, Policies.Message("x", T0.AddMinutes(8), Policies.X)));
        Assert.False(SlaChange.Changes(waiting, Policies.Message("x", T0.AddMinutes(8), Policies.X)));
    }
}
