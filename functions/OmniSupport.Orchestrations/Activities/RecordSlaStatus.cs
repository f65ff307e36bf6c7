using Microsoft.DurableTask;
using OmniSupport.Core.Sla;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>Writes the supervisor's SLA status row from the orchestration's state (a breach, or a signal no worker recorded).</summary>
public sealed class RecordSlaStatus(SlaStatusWriter writer) : TaskActivity<SlaStatusUpdate, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, SlaStatusUpdate input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(SlaStatusUpdate input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = SlaStates.Resolved;
        await writer.ChangeAsync(input.State.ConversationId, input.State.CustomerId, row =>
        {
            var written = SlaStatusRow.Write(row, input);
            state = row.State;
            return written;
        }, ct);
        return state;
    }
}

/// <summary>Appends a step that ran to the status row (the escalation activities share it).</summary>
public sealed class SlaStepLog(ISlaStatusStore store, SlaStatusWriter writer)
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

    public Task RecordAsync(SlaStepInput input, string outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        return writer.ChangeAsync(input.State.ConversationId, input.State.CustomerId, status =>
        {
            if (!status.StepsDone.Any(s => IsThis(s, input)))
            {
                status.StepsDone.Add(new SlaStepRecord(input.StepIndex, input.Step.Action, input.At, outcome));
                status.StepsDone = status.StepsDone.TakeLast(SlaStatusRow.MaxHistory).ToList();
            }

            if (input.Breach is { } breach && !SlaStatusRow.AnsweredInTime(status, input.State.WaitingSince, breach))
            {
                SlaStatusRow.AddBreach(status, breach);
            }

            status.UpdatedAt = input.At;
            return true;
        }, ct);
    }
}
