using Microsoft.DurableTask;
using OmniSupport.Core.Sla;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>Writes the supervisor's SLA status row from the orchestration's state.</summary>
public sealed class RecordSlaStatus(ISlaStatusStore store) : TaskActivity<SlaStatusUpdate, string>
{
    public const int MaxHistory = 50;

    public override Task<string> RunAsync(TaskActivityContext context, SlaStatusUpdate input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(SlaStatusUpdate input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = input.State;
        var status = await store.GetAsync(state.ConversationId, ct) ?? new SlaStatus { ConversationId = state.ConversationId, CustomerId = state.CustomerId };
        if (status.State == SlaStates.Resolved && !input.Resolved)
        {
            return status.State; // resolved is final: a late first row or breach never turns it back to waiting
        }

        status.Policy = state.Policy?.Name;
        status.Channel = state.Channel;
        status.Tier = state.Tier;
        status.Queue = state.Queue;
        status.Priority = state.Priority;
        status.Target = state.Target;
        status.FirstResponseTarget = state.Policy?.FirstResponse;
        status.NextResponseTarget = state.Policy?.NextResponse;
        status.WaitingSince = state.WaitingSince;
        status.DueAt = input.DueAt;
        status.State = input.Resolved ? SlaStates.Resolved : state.WaitingSince is null ? SlaStates.Answered : SlaStates.Waiting;
        if (input.Breach is not null && !status.Breaches.Contains(input.Breach))
        {
            status.Breaches.Add(input.Breach);
            status.Breaches = status.Breaches.TakeLast(MaxHistory).ToList();
        }

        status.UpdatedAt = input.At;
        await store.UpsertAsync(status, ct);
        return status.State;
    }
}

/// <summary>Appends a step that ran to the status row (the escalation activities share it).</summary>
public sealed class SlaStepLog(ISlaStatusStore store)
{
    /// <summary>The record of this step if it already ran: an activity re-run after a crash must not act twice.</summary>
    public async Task<SlaStepRecord?> DoneAsync(SlaStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var status = await store.GetAsync(input.State.ConversationId, ct);
        return status?.StepsDone.FirstOrDefault(s => IsThis(s, input));
    }

    private static bool IsThis(SlaStepRecord record, SlaStepInput input) =>
        record.Index == input.StepIndex && record.Action == input.Step.Action && record.At == input.At;

    public async Task RecordAsync(SlaStepInput input, string outcome, CancellationToken ct)
    {
        var status = await store.GetAsync(input.State.ConversationId, ct)
            ?? new SlaStatus { ConversationId = input.State.ConversationId, CustomerId = input.State.CustomerId };
        var record = new SlaStepRecord(input.StepIndex, input.Step.Action, input.At, outcome);
        if (!status.StepsDone.Any(s => IsThis(s, input)))
        {
            status.StepsDone.Add(record);
            status.StepsDone = status.StepsDone.TakeLast(RecordSlaStatus.MaxHistory).ToList();
        }

        if (input.Breach is not null && !status.Breaches.Contains(input.Breach))
        {
            status.Breaches.Add(input.Breach);
            status.Breaches = status.Breaches.TakeLast(RecordSlaStatus.MaxHistory).ToList();
            status.DueAt = input.DueAt;
        }

        status.UpdatedAt = input.At;
        await store.UpsertAsync(status, ct);
    }
}
