using OmniSupport.Core.Common;
using OmniSupport.Core.Sla;
using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations;

/// <summary>
/// The supervisor's status row as a mirror of the orchestration's state: what a state writes into it, and
/// the state it stands for (the signal worker applies a signal to that before telling the orchestration).
/// </summary>
public static class SlaStatusRow
{
    public const int MaxHistory = 50;

    /// <summary>
    /// Writes the state into the row; false when the row is resolved and this is not (resolved is final). A
    /// breach only adds itself: the signal worker may have recorded a reply the orchestration has not applied
    /// yet, and the orchestration's older state must not write over it.
    /// </summary>
    public static bool Write(SlaStatus row, SlaStatusUpdate update)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(update);
        if (row.State == SlaStates.Resolved && !update.Resolved)
        {
            return false; // a late signal, first row or breach never turns a resolved conversation back to waiting
        }

        if (update.Breach is not null && !update.Resolved)
        {
            if (AnsweredInTime(row, update.State.WaitingSince, update.Breach))
            {
                return false;
            }

            AddBreach(row, update.Breach);
            row.UpdatedAt = update.At;
            return true;
        }

        var state = update.State;
        row.Policy = state.Policy?.Name;
        row.Channel = state.Channel;
        row.Tier = state.Tier;
        row.Queue = state.Queue;
        row.Priority = state.Priority;
        row.Target = state.Target;
        row.FirstResponseTarget = state.Policy?.FirstResponse;
        row.NextResponseTarget = state.Policy?.NextResponse;
        row.WaitingSince = state.WaitingSince;
        row.LastCustomerMessageAt = state.LastCustomerMessageAt;
        row.LastAgentReplyAt = state.LastAgentReplyAt;
        row.DueAt = update.DueAt;
        row.State = update.Resolved ? SlaStates.Resolved : state.WaitingSince is null ? SlaStates.Answered : SlaStates.Waiting;
        AddBreach(row, update.Breach);
        row.UpdatedAt = update.At;
        return true;
    }

    /// <summary>
    /// Whether the row shows the breached wait answered before its due time: the orchestration's timer won the race
    /// against the reply's signal, or never saw the signal (DurableTask.AzureStorage can discard an event raised the
    /// moment its instance starts). Such a breach is not one.
    /// </summary>
    public static bool AnsweredInTime(SlaStatus row, DateTimeOffset? waitingSince, SlaBreach breach)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(breach);
        return waitingSince is { } since && row.LastAgentReplyAt is { } replied && replied >= since && replied < breach.DueAt;
    }

    public static void AddBreach(SlaStatus row, SlaBreach? breach)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (breach is not null && !row.Breaches.Contains(breach))
        {
            row.Breaches.Add(breach);
            row.Breaches = row.Breaches.TakeLast(MaxHistory).ToList();
        }
    }

    /// <summary>
    /// The state the row stands for, as far as <see cref="SlaOrchestrator.Apply"/> reads it: the wait, its target
    /// and policy (by name, as the policy file has it now), the last message and reply. Breach and steps are the
    /// orchestration's own and are not needed to apply a signal.
    /// </summary>
    public static SlaState StateOf(SlaStatus row, SlaPolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(policies);
        return new SlaState
        {
            ConversationId = row.ConversationId,
            CustomerId = row.CustomerId,
            Channel = row.Channel,
            Queue = row.Queue,
            Priority = row.Priority,
            Tier = row.Tier,
            Policy = policies.Named(row.Policy),
            Target = row.Target,
            WaitingSince = row.WaitingSince,
            LastCustomerMessageAt = row.LastCustomerMessageAt ?? row.WaitingSince,
            LastAgentReplyAt = row.LastAgentReplyAt,
        };
    }
}

/// <summary>Read-modify-write of one status row, over the version read; a writer that came first makes it read again.</summary>
public sealed class SlaStatusWriter(ISlaStatusStore store)
{
    public Task<SlaStatus?> GetAsync(string conversationId, CancellationToken ct) => store.GetAsync(conversationId, ct);

    /// <summary>Applies <paramref name="change"/> to the row (a new one if there is none) and saves it unless the change returns false.</summary>
    public Task<bool> ChangeAsync(string conversationId, string customerId, Func<SlaStatus, bool> change, CancellationToken ct) =>
        ChangeAsync(conversationId, customerId, change, null, ct);

    /// <param name="firstTry">
    /// The row the first try starts from instead of a read: as the caller just read it, or a new one (no version:
    /// inserted) where the caller knows there is none. A conflict reads it again.
    /// </param>
    public Task<bool> ChangeAsync(string conversationId, string customerId, Func<SlaStatus, bool> change, SlaStatus? firstTry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Retry.OnConflictAsync(
            firstTry,
            async () => await store.GetAsync(conversationId, ct) ?? new SlaStatus { ConversationId = conversationId, CustomerId = customerId },
            async row =>
            {
                if (!change(row))
                {
                    return false;
                }

                await store.SaveAsync(row, ct);
                return true;
            });
    }
}
