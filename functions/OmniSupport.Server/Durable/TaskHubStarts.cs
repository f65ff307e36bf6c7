using DurableTask.Core;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Server.Durable;

/// <summary><see cref="InstanceStartRule"/> on DurableTask.Core's TaskHubClient.</summary>
public static class TaskHubStarts
{
    /// <summary>The statuses in which an existing instance makes a start fail (the backend's dedupe statuses): every one.</summary>
    public static OrchestrationStatus[] DedupeStatuses() => Enum.GetValues<OrchestrationStatus>()
        .Where(status => !InstanceStartRule.MayStart(InstanceStartRule.StateOf(status.ToString())))
        .ToArray();
}
