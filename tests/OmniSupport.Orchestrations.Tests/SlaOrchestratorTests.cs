using OmniSupport.Core.Sla;
using OmniSupport.Orchestrations.Activities;
using OmniSupport.Orchestrations.Policies;
using static OmniSupport.Orchestrations.Tests.Policies;

namespace OmniSupport.Orchestrations.Tests;

public class SlaOrchestratorTests
{
    [Fact]
    public async Task First_message_starts_the_clock_at_the_channels_first_response_target()
    {
        var ctx = new OrchestrationHarness(T0);
        var state = new SlaState { ConversationId = "cnv_1", CustomerId = "cus_1", Start = Message("x", T0, X), CyclesPerExecution = 1 };

        await ctx.Run(state);

        var update = ctx.Input<SlaStatusUpdate>(nameof(RecordSlaStatus));
        Assert.Equal(T0.AddMinutes(30), update.DueAt);
        Assert.Equal(T0, ctx.ContinuedWith!.WaitingSince);
        Assert.Equal(SlaTargets.FirstResponse, ctx.ContinuedWith.Target);
        Assert.Null(ctx.ContinuedWith.Start);
        Assert.Empty(ctx.Timers);
    }

    [Fact]
    public async Task A_start_the_signal_worker_already_recorded_runs_no_activity()
    {
        var ctx = new OrchestrationHarness(T0);
        var state = new SlaState { ConversationId = "cnv_1", CustomerId = "cus_1", Start = Message("x", T0, X), StartRecorded = true, CyclesPerExecution = 1 };

        await ctx.Run(state);

        Assert.Empty(ctx.Activities);
        Assert.Equal((T0, false), (ctx.ContinuedWith!.WaitingSince!.Value, ctx.ContinuedWith.StartRecorded));
    }

    [Fact]
    public async Task Reply_before_due_cancels_the_timer_and_runs_no_escalation()
    {
        var ctx = new OrchestrationHarness(T0.AddMinutes(1));
        var run = ctx.Run(Waiting(X, "x", T0));
        Assert.Equal(T0.AddMinutes(30), Assert.Single(ctx.Timers));

        ctx.Raise(new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(10), Channel = "x" });
        await run;

        Assert.True(ctx.TimerTokens[0].IsCancellationRequested);
        Assert.Equal([nameof(RecordSlaStatus)], ctx.ActivityNames);
        Assert.Null(ctx.ContinuedWith!.WaitingSince);
        Assert.Equal(SlaTargets.NextResponse, ctx.ContinuedWith.Target);

        // Nothing is due while the customer has our answer: the next execution sets no timer.
        var next = new OrchestrationHarness(T0.AddMinutes(11));
        _ = next.Run(ctx.ContinuedWith);
        Assert.Empty(next.Timers);
        Assert.Empty(next.Activities);
    }

    [Fact]
    public async Task Breach_runs_each_escalation_step_in_order_one_wake_up_per_step()
    {
        var state = Waiting(X, "x", T0);
        var names = new List<string>();
        var timers = new List<DateTimeOffset>();
        for (var execution = 0; execution < 3; execution++)
        {
            var ctx = new OrchestrationHarness(T0);
            var run = ctx.Run(state);
            timers.Add(Assert.Single(ctx.Timers));
            ctx.FireTimer();
            await run;
            names.AddRange(ctx.ActivityNames);
            state = ctx.ContinuedWith!;
        }

        Assert.Equal([T0.AddMinutes(30), T0.AddMinutes(40), T0.AddMinutes(50)], timers);
        Assert.Equal([nameof(SendFollowUp), nameof(NotifySupervisor), nameof(CreateCallTask)], names);
        Assert.True(state.Breached);
        Assert.Equal(3, state.StepsDone);

        // The chain is done: the next execution only waits for the conversation.
        var last = new OrchestrationHarness(T0.AddHours(1));
        _ = last.Run(state);
        Assert.Empty(last.Timers);
    }

    [Fact]
    public async Task A_late_wake_up_runs_every_step_due_by_then_in_order()
    {
        var ctx = new OrchestrationHarness(T0);
        var run = ctx.Run(Waiting(X, "x", T0));
        ctx.Now = T0.AddMinutes(55);
        ctx.FireTimerAtCurrentTime();
        await run;

        Assert.Equal([nameof(SendFollowUp), nameof(NotifySupervisor), nameof(CreateCallTask)], ctx.ActivityNames);
        var steps = ctx.Activities.Select(a => (SlaStepInput)a.Input!).ToList();
        Assert.Equal([0, 1, 2], steps.Select(s => s.StepIndex));
        Assert.Equal(T0.AddMinutes(30), steps[0].Breach!.DueAt); // the first step records the breach: one round trip less
        Assert.All(steps.Skip(1), s => Assert.Null(s.Breach));
    }

    [Fact]
    public async Task Customer_message_on_a_channel_with_a_stricter_target_moves_the_due_time_earlier()
    {
        var ctx = new OrchestrationHarness(T0);
        var run = ctx.Run(Waiting(Email, "email", T0));
        Assert.Equal(T0.AddHours(24), ctx.Timers[0]);

        ctx.Raise(Message("x", T0.AddMinutes(5), X));
        await run;

        var state = ctx.ContinuedWith!;
        Assert.Equal("x", state.Channel);
        Assert.Equal(T0, state.WaitingSince); // the customer has been waiting since the first message
        Assert.Equal(T0.AddMinutes(30), SlaPlan.DueAt(state));
        Assert.Equal(T0.AddMinutes(30), ctx.Input<SlaStatusUpdate>(nameof(RecordSlaStatus)).DueAt);

        var next = new OrchestrationHarness(T0.AddMinutes(6));
        _ = next.Run(state);
        Assert.Equal(T0.AddMinutes(30), Assert.Single(next.Timers));
    }

    [Fact]
    public void Customer_message_on_a_channel_with_a_looser_target_keeps_the_promise_already_made()
    {
        var state = Waiting(X, "x", T0);

        SlaOrchestrator.Apply(state, Message("email", T0.AddMinutes(5), Email));

        Assert.Equal(("x", "x"), (state.Channel, state.Policy!.Name));
        Assert.Equal(T0.AddMinutes(30), SlaPlan.DueAt(state));
    }

    [Fact]
    public void The_first_message_of_a_new_wait_runs_under_its_own_channels_policy()
    {
        var state = Waiting(X, "x", T0);
        SlaOrchestrator.Apply(state, new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(5), Channel = "x" });

        SlaOrchestrator.Apply(state, Message("email", T0.AddMinutes(9), Email));

        Assert.Equal(("email", "email"), (state.Channel, state.Policy!.Name));
        Assert.Equal(T0.AddMinutes(9).AddHours(24), SlaPlan.DueAt(state));
    }

    [Fact]
    public async Task Business_hours_stop_the_clock_overnight_and_over_the_weekend()
    {
        var policy = new SlaPolicy
        {
            Name = "email-office",
            Channel = "email",
            FirstResponse = TimeSpan.FromHours(2),
            NextResponse = TimeSpan.FromHours(2),
            Hours = NewYorkOffice,
            ClockStopsOutsideHours = true,
        };

        // Friday 27 Nov 2026 16:00 in New York (UTC-5): one business hour left that day, the second on Monday 09:00-10:00.
        var friday4pm = new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero);
        var ctx = new OrchestrationHarness(friday4pm);
        await ctx.Run(new SlaState { ConversationId = "cnv_1", CustomerId = "cus_1", Start = Message("email", friday4pm, policy), CyclesPerExecution = 1 });

        var mondayTen = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
        Assert.Equal(mondayTen, ctx.Input<SlaStatusUpdate>(nameof(RecordSlaStatus)).DueAt);

        var next = new OrchestrationHarness(friday4pm.AddMinutes(1));
        _ = next.Run(ctx.ContinuedWith!);
        Assert.Equal(mondayTen, Assert.Single(next.Timers));
    }

    [Fact]
    public async Task Resolution_ends_the_orchestration_and_sends_the_survey_after_the_delay()
    {
        var ctx = new OrchestrationHarness(T0);
        var run = ctx.Run(Waiting(X, "x", T0));
        var resolvedAt = T0.AddMinutes(20);

        ctx.Raise(new SlaSignal { Kind = SlaSignalKinds.Resolved, At = resolvedAt, SurveyDelay = TimeSpan.FromHours(2) });
        Assert.Equal(resolvedAt.AddHours(2), ctx.Timers[^1]);
        Assert.DoesNotContain(nameof(SendSurvey), ctx.ActivityNames);
        ctx.FireTimer();
        var outcome = await run;

        Assert.Equal([nameof(RecordSlaStatus), nameof(SendSurvey)], ctx.ActivityNames);
        Assert.True(ctx.Input<SlaStatusUpdate>(nameof(RecordSlaStatus)).Resolved);
        var survey = ctx.Input<SurveyRequest>(nameof(SendSurvey));
        Assert.Equal(("cnv_1", "cus_1", "x"), (survey.ConversationId, survey.CustomerId, survey.Channel));
        Assert.Equal(new SlaOutcome(resolvedAt, "SendSurvey done"), outcome);
        Assert.Null(ctx.ContinuedWith);
    }

    [Fact]
    public async Task Signals_the_worker_recorded_run_no_status_activity_not_even_the_resolution()
    {
        var state = Waiting(X, "x", T0);
        state.CyclesPerExecution = 8;
        var ctx = new OrchestrationHarness(T0.AddMinutes(1));
        var run = ctx.Run(state);

        ctx.Raise(new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(10), Channel = "x", Recorded = true });
        ctx.Raise(new SlaSignal { Kind = SlaSignalKinds.CustomerMessage, At = T0.AddMinutes(12), Channel = "x", Policy = X, Recorded = true });
        ctx.Raise(new SlaSignal { Kind = SlaSignalKinds.Resolved, At = T0.AddMinutes(20), SurveyDelay = TimeSpan.FromHours(2), Recorded = true });
        ctx.FireTimer();
        await run;

        Assert.Equal([nameof(SendSurvey)], ctx.ActivityNames);
    }

    [Fact]
    public async Task Resolution_with_surveys_off_ends_without_a_timer()
    {
        var ctx = new OrchestrationHarness(T0);
        var run = ctx.Run(Waiting(X, "x", T0));
        ctx.Raise(new SlaSignal { Kind = SlaSignalKinds.Resolved, At = T0.AddMinutes(1), SurveyDelay = null });
        await run;

        Assert.Single(ctx.Timers); // only the SLA timer, cancelled
        Assert.True(ctx.TimerTokens[0].IsCancellationRequested);
        Assert.DoesNotContain(nameof(SendSurvey), ctx.ActivityNames);
    }

    [Fact]
    public void A_customer_message_delivered_after_the_reply_that_answered_it_does_not_restart_the_clock()
    {
        var state = Waiting(X, "x", T0);
        SlaOrchestrator.Apply(state, new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(5) });
        SlaOrchestrator.Apply(state, Message("x", T0, X)); // the first message again (redelivered)

        Assert.Null(state.WaitingSince);
    }

    [Fact]
    public void A_reply_older_than_the_latest_customer_message_leaves_that_message_waiting()
    {
        var state = Waiting(X, "x", T0);
        SlaOrchestrator.Apply(state, Message("x", T0.AddMinutes(8), X));
        SlaOrchestrator.Apply(state, new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(5) }); // arrived late

        Assert.Equal(T0.AddMinutes(8), state.WaitingSince);
        Assert.Equal(SlaTargets.NextResponse, state.Target);
    }

    [Fact]
    public async Task Breach_with_no_step_due_yet_is_recorded_on_its_own()
    {
        var policy = new SlaPolicy
        {
            Name = "late-steps",
            FirstResponse = TimeSpan.FromMinutes(30),
            NextResponse = TimeSpan.FromMinutes(30),
            Escalations = [new EscalationStep { After = TimeSpan.FromMinutes(15), Action = EscalationActions.CallTask }],
        };
        var ctx = new OrchestrationHarness(T0);
        var run = ctx.Run(Waiting(policy, "sms", T0));
        ctx.FireTimer();
        await run;

        Assert.Equal([nameof(RecordSlaStatus)], ctx.ActivityNames);
        Assert.Equal(T0.AddMinutes(30), ctx.Input<SlaStatusUpdate>(nameof(RecordSlaStatus)).Breach!.DueAt);
        Assert.Equal(T0.AddMinutes(45), SlaPlan.NextWake(ctx.ContinuedWith!));
    }

    [Fact]
    public async Task One_execution_handles_several_cycles_with_one_pending_waiter_then_continues_as_new()
    {
        var state = Waiting(X, "x", T0);
        state.CyclesPerExecution = 3;
        var ctx = new OrchestrationHarness(T0);
        var run = ctx.Run(state);

        ctx.FireTimer(); // cycle 1: the due time passes, the follow-up runs; the event waiter stays pending
        Assert.Equal(1, ctx.Waits);
        Assert.Equal(T0.AddMinutes(40), ctx.Timers[^1]);
        ctx.Raise(new SlaSignal { Kind = SlaSignalKinds.AgentReply, At = T0.AddMinutes(35) }); // cycle 2: the same waiter gets it
        Assert.Equal(1, ctx.Timers.Count(t => t == T0.AddMinutes(40)));
        ctx.Raise(Message("x", T0.AddMinutes(50), X)); // cycle 3
        await run;

        Assert.Equal(2, ctx.Waits);
        Assert.Equal([nameof(SendFollowUp), nameof(RecordSlaStatus), nameof(RecordSlaStatus)], ctx.ActivityNames);
        Assert.True(ctx.TimerTokens[1].IsCancellationRequested);
        var next = ctx.ContinuedWith!;
        Assert.Equal((T0.AddMinutes(50), SlaTargets.NextResponse, 0, 1), (next.WaitingSince!.Value, next.Target, next.StepsDone, next.Generation));
    }

    [Fact]
    public async Task Queue_change_keeps_the_clock_and_the_steps_already_run()
    {
        var state = Waiting(X, "x", T0);
        state.Breached = true;
        state.StepsDone = 1;
        var ctx = new OrchestrationHarness(T0.AddMinutes(31));
        var run = ctx.Run(state);

        ctx.Raise(new SlaSignal { Kind = SlaSignalKinds.QueueChanged, At = T0.AddMinutes(32), Queue = "billing", Priority = 70, Policy = X });
        await run;

        var next = ctx.ContinuedWith!;
        Assert.Equal(("billing", 70, T0, 1, true), (next.Queue, next.Priority, next.WaitingSince!.Value, next.StepsDone, next.Breached));
        Assert.Equal(T0.AddMinutes(40), SlaPlan.NextWake(next)); // the second step, not the first again
    }

    [Fact]
    public void Each_escalation_action_maps_to_a_registered_activity()
    {
        foreach (var action in EscalationActions.All)
        {
            Assert.Contains(SlaTasks.Activities, t => t.Name == SlaOrchestrator.ActivityFor(action));
        }
    }
}
