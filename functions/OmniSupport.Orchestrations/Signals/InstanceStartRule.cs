namespace OmniSupport.Orchestrations.Signals;

/// <summary>
/// The one rule both hosts apply to an orchestration id (<c>sla-{conversationId}</c>, <c>reminder-{appointmentId}</c>):
/// it is started once. An instance that exists in any state, running, suspended, completed, failed or terminated, is
/// never replaced by a new start: a resolved conversation's SLA clock stays stopped and its escalations are not run
/// again by a late or redelivered signal (a new conversation has a new id), and a failed instance is kept for an
/// operator to read rather than silently restarted. The Server passes every status as the backend's dedupe statuses;
/// the Functions extension would overwrite a finished instance, so its client checks first.
/// </summary>
public static class InstanceStartRule
{
    /// <summary>Runtime statuses (by name, as both backends spell them) of an instance that still takes signals.</summary>
    private static readonly HashSet<string> ActiveStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        "Pending", "Running", "ContinuedAsNew", "Suspended",
    };

    /// <summary>The state of an instance from its runtime status name; null or empty: there is none.</summary>
    public static SlaInstanceState StateOf(string? runtimeStatus) =>
        string.IsNullOrEmpty(runtimeStatus) ? SlaInstanceState.None
        : ActiveStatuses.Contains(runtimeStatus) ? SlaInstanceState.Active
        : SlaInstanceState.Ended;

    /// <summary>Whether a start may create the instance: only when none exists.</summary>
    public static bool MayStart(SlaInstanceState existing) => existing == SlaInstanceState.None;
}
