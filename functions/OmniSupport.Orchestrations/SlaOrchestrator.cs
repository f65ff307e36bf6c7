using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Sla;
using OmniSupport.Orchestrations.Activities;
using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations;

/// <summary>
/// One per open conversation (<c>sla-{conversationId}</c>). Each cycle waits for one thing: the next
/// signal (customer message, agent reply, queue change, resolution) or its own timer (the due time,
/// then each escalation step's time), and acts on it; after <see cref="SlaState.CyclesPerExecution"/>
/// cycles it continues as new with the updated state, so history stays short however long the
/// conversation lives. On resolution it
/// waits for the survey delay, sends the survey, and ends. The status row of a signal is written by the
/// signal worker before it raises it (<see cref="SlaSignal.Recorded"/>); the orchestration writes only breaches
/// and the steps it runs.
/// Deterministic: time from the context, every effect in an activity.
/// </summary>
public sealed class SlaOrchestrator : TaskOrchestrator<SlaState, SlaOutcome?>
{
    public static string InstanceId(string conversationId) => "sla-" + conversationId;

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    public override async Task<SlaOutcome?> RunAsync(TaskOrchestrationContext context, SlaState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var log = context.CreateReplaySafeLogger<SlaOrchestrator>();

        // One waiter for the whole execution: a waiter left pending when the timer won is reused by the
        // next cycle (a second one would take the next event first and lose it). Events that arrive
        // while no waiter is pending are buffered, and carried over by ContinueAsNew.
        Task<SlaSignal>? next = null;
        for (var cycle = 0; cycle < Math.Max(1, state.CyclesPerExecution); cycle++)
        {
            SlaSignal signal;
            var recorded = false;
            if (state.Start is { } start)
            {
                signal = start;
                recorded = state.StartRecorded;
                state.Start = null;
                state.StartRecorded = false;
            }
            else
            {
                next ??= context.WaitForExternalEvent<SlaSignal>(SlaSignal.EventName);
                var wake = SlaPlan.NextWake(state);
                if (wake is not null)
                {
                    using var cts = new CancellationTokenSource();
                    var timer = context.CreateTimer(wake.Value.UtcDateTime, cts.Token);
                    if (await Task.WhenAny(next, timer) != next)
                    {
                        await EscalateAsync(context, state);
                        continue;
                    }

                    cts.Cancel();
                }

                signal = await next;
                next = null;
            }

            if (signal.Kind == SlaSignalKinds.Resolved)
            {
                return await ResolveAsync(context, state, signal);
            }

            Apply(state, signal);
            if (!recorded && !signal.Recorded)
            {
                await context.CallActivityAsync<string>(nameof(RecordSlaStatus), new SlaStatusUpdate(state, SlaPlan.DueAt(state), null, false, Now(context)), StepRetry);
            }

            log.LogInformation("SLA {ConversationId}: {Kind}, due {DueAt}", state.ConversationId, signal.Kind, SlaPlan.DueAt(state));
        }

        // History stays a few dozen events: start the next execution with the state as its input.
        state.Generation++;
        context.ContinueAsNew(state, preserveUnprocessedEvents: true);
        return null;
    }

    /// <summary>What a signal changes in the state (pure, so the unit tests can state it directly).</summary>
    public static void Apply(SlaState state, SlaSignal signal)
    {
        state.Queue = signal.Queue ?? state.Queue;
        state.Priority = signal.Queue is null && signal.Kind != SlaSignalKinds.QueueChanged ? state.Priority : signal.Priority;
        state.Tier = signal.Tier ?? state.Tier;
        switch (signal.Kind)
        {
            case SlaSignalKinds.CustomerMessage:
                // While the customer waits, the promise already made stands: another channel's policy takes over
                // only when it answers sooner (the due time moves earlier), never to push the due time back.
                if (state.WaitingSince is null || Stricter(state, signal.Policy))
                {
                    state.Channel = signal.Channel ?? state.Channel;
                    state.Policy = signal.Policy ?? state.Policy;
                }

                if (state.LastCustomerMessageAt is null || signal.At > state.LastCustomerMessageAt)
                {
                    state.LastCustomerMessageAt = signal.At;
                }

                if (state.LastAgentReplyAt is { } replied && signal.At <= replied)
                {
                    break; // an older message delivered late: it was answered already
                }

                if (state.WaitingSince is null)
                {
                    state.WaitingSince = signal.At;
                    state.Target = state.LastAgentReplyAt is null ? SlaTargets.FirstResponse : SlaTargets.NextResponse;
                    state.Breached = false;
                    state.StepsDone = 0;
                }

                break;

            case SlaSignalKinds.AgentReply:
                if (state.LastAgentReplyAt is null || signal.At > state.LastAgentReplyAt)
                {
                    state.LastAgentReplyAt = signal.At;
                }

                state.Target = SlaTargets.NextResponse;
                state.Breached = false;
                state.StepsDone = 0;

                // A customer message newer than the reply (delivered before it) is still waiting.
                state.WaitingSince = state.LastCustomerMessageAt is { } last && last > state.LastAgentReplyAt ? last : null;
                break;

            case SlaSignalKinds.QueueChanged:
                state.Policy = signal.Policy ?? state.Policy;
                break;
        }
    }

    /// <summary>Whether <paramref name="policy"/> would make the current wait due earlier than its own policy does.</summary>
    private static bool Stricter(SlaState state, SlaPolicy? policy)
    {
        if (policy is null)
        {
            return false;
        }

        var under = state.Copy();
        under.Policy = policy;
        return SlaPlan.DueAt(state) is not { } due || SlaPlan.DueAt(under) < due;
    }

    private static async Task EscalateAsync(TaskOrchestrationContext context, SlaState state)
    {
        var log = context.CreateReplaySafeLogger<SlaOrchestrator>();
        var now = Now(context);
        var due = SlaPlan.DueAt(state)!.Value;
        SlaBreach? breach = null;
        if (!state.Breached && now >= due)
        {
            state.Breached = true;
            breach = new SlaBreach(state.Target, due, now);
            log.LogWarning("SLA {ConversationId}: {Target} breached (due {DueAt})", state.ConversationId, state.Target, due);
            if (!(SlaPlan.StepAt(state, state.StepsDone) <= now))
            {
                // No step is due yet: record the breach on its own (else the first step records it, one round trip less).
                await context.CallActivityAsync<string>(nameof(RecordSlaStatus), new SlaStatusUpdate(state, due, breach, false, now), StepRetry);
                breach = null;
            }
        }

        while (SlaPlan.StepAt(state, state.StepsDone) is { } at && at <= now)
        {
            var step = state.Policy!.Escalations[state.StepsDone];
            var input = new SlaStepInput(state, state.StepsDone, step, due, now, breach);
            string outcome;
            try
            {
                outcome = await context.CallActivityAsync<string>(ActivityFor(step.Action), input, StepRetry);
            }
            catch (TaskFailedException ex)
            {
                outcome = "failed: " + ex.FailureDetails.ErrorType;
                if (breach is not null)
                {
                    await context.CallActivityAsync<string>(nameof(RecordSlaStatus), new SlaStatusUpdate(state, due, breach, false, now), StepRetry);
                }
            }

            breach = null;
            log.LogInformation("SLA {ConversationId}: step {Index} {Action}: {Outcome}", state.ConversationId, state.StepsDone, step.Action, outcome);
            state.StepsDone++;
        }
    }

    private static async Task<SlaOutcome> ResolveAsync(TaskOrchestrationContext context, SlaState state, SlaSignal signal)
    {
        var log = context.CreateReplaySafeLogger<SlaOrchestrator>();
        state.WaitingSince = null;
        if (!signal.Recorded)
        {
            await context.CallActivityAsync<string>(nameof(RecordSlaStatus), new SlaStatusUpdate(state, null, null, true, signal.At), StepRetry);
        }
        if (signal.SurveyDelay is not { } delay)
        {
            return new SlaOutcome(signal.At, "not sent: surveys are off");
        }

        await context.CreateTimer((signal.At + delay).UtcDateTime, CancellationToken.None);
        string survey;
        try
        {
            survey = await context.CallActivityAsync<string>(
                nameof(SendSurvey), new SurveyRequest(state.ConversationId, state.CustomerId, state.Channel, signal.At), StepRetry);
        }
        catch (TaskFailedException ex)
        {
            survey = "failed: " + ex.FailureDetails.ErrorType;
        }

        log.LogInformation("SLA {ConversationId}: resolved; survey {Survey}", state.ConversationId, survey);
        return new SlaOutcome(signal.At, survey);
    }

    public static string ActivityFor(string action) => action switch
    {
        EscalationActions.NotifySupervisor => nameof(NotifySupervisor),
        EscalationActions.FollowUp => nameof(SendFollowUp),
        EscalationActions.CallTask => nameof(CreateCallTask),
        EscalationActions.Requeue => nameof(RequeueConversation),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown escalation action."),
    };

    private static DateTimeOffset Now(TaskOrchestrationContext context) =>
        new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
}
