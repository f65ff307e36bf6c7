using OmniSupport.Core.Sla;
using OmniSupport.Orchestrations.Policies;
using static OmniSupport.Orchestrations.Tests.Policies;

namespace OmniSupport.Orchestrations.Tests;

/// <summary>The status row as a mirror of the orchestration's state, written by the signal worker and the orchestration.</summary>
public class SlaStatusRowTests
{
    private static readonly SlaPolicySet Set = new([X, Email], null);

    [Fact]
    public void A_row_stands_for_the_state_that_wrote_it_as_far_as_applying_a_signal_goes()
    {
        var state = Waiting(X, "x", T0);
        SlaOrchestrator.Apply(state, new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(5) });
        SlaOrchestrator.Apply(state, Message("x", T0.AddMinutes(9), X));
        var row = new SlaStatus { ConversationId = "cnv_1", CustomerId = "cus_1" };
        SlaStatusRow.Write(row, new SlaStatusUpdate(state, SlaPlan.DueAt(state), null, false, T0.AddMinutes(9)));

        var read = SlaStatusRow.StateOf(row, Set);

        Assert.Equal(
            (state.Channel, state.Policy!.Name, state.Target, state.WaitingSince, state.LastCustomerMessageAt, state.LastAgentReplyAt),
            (read.Channel, read.Policy!.Name, read.Target, read.WaitingSince, read.LastCustomerMessageAt, read.LastAgentReplyAt));
        Assert.Equal(SlaPlan.DueAt(state), SlaPlan.DueAt(read));
    }

    /// <summary>A wait that began at T0, and the row the signal worker left after an agent's reply at <paramref name="minute"/>.</summary>
    private static (SlaState Waiting, SlaStatus Row) RowRepliedAt(int minute)
    {
        var waiting = Waiting(X, "x", T0);
        var row = new SlaStatus { ConversationId = "cnv_1", CustomerId = "cus_1" };
        var replied = waiting.Copy();
        SlaOrchestrator.Apply(replied, new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(minute) });
        SlaStatusRow.Write(row, new SlaStatusUpdate(replied, null, null, false, T0.AddMinutes(minute)));
        return (waiting, row);
    }

    [Fact]
    public void A_breach_adds_itself_and_leaves_a_reply_the_orchestration_has_not_applied_yet()
    {
        // The due time passed as the reply came in: the worker recorded the reply; the orchestration's timer won the race.
        var (waiting, row) = RowRepliedAt(30);
        var breach = new SlaBreach(SlaTargets.FirstResponse, T0.AddMinutes(30), T0.AddMinutes(30));

        Assert.True(SlaStatusRow.Write(row, new SlaStatusUpdate(waiting, T0.AddMinutes(30), breach, false, T0.AddMinutes(30))));

        Assert.Equal((SlaStates.Answered, (DateTimeOffset?)null), (row.State, row.DueAt));
        Assert.Equal([breach], row.Breaches);
    }

    [Fact]
    public void A_breach_of_a_wait_the_row_shows_answered_before_its_due_time_is_not_one()
    {
        // The reply came ten minutes into a 30-minute wait; the orchestration never applied it (its event was lost) and breached.
        var (waiting, row) = RowRepliedAt(10);
        var breach = new SlaBreach(SlaTargets.FirstResponse, T0.AddMinutes(30), T0.AddMinutes(30));

        Assert.False(SlaStatusRow.Write(row, new SlaStatusUpdate(waiting, T0.AddMinutes(30), breach, false, T0.AddMinutes(30))));

        Assert.Equal(SlaStates.Answered, row.State);
        Assert.Empty(row.Breaches);
    }

    [Fact]
    public void A_resolved_row_takes_no_later_state_but_a_resolution_again()
    {
        var row = new SlaStatus { ConversationId = "cnv_1", CustomerId = "cus_1", State = SlaStates.Resolved };

        Assert.False(SlaStatusRow.Write(row, new SlaStatusUpdate(Waiting(X, "x", T0), T0.AddMinutes(30), null, false, T0)));
        Assert.True(SlaStatusRow.Write(row, new SlaStatusUpdate(Waiting(X, "x", T0), null, null, true, T0)));
        Assert.Equal(SlaStates.Resolved, row.State);
    }
}
