using DurableTask.Core;
using DurableTask.Core.Exceptions;
using OmniSupport.Orchestrations.Reminders;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Server.Durable;

/// <summary>The reminders' Durable port on DurableTask.Core's TaskHubClient (the same task hubs as the SLA's).</summary>
public sealed class TaskHubReminderClient(DurableHost host) : IReminderOrchestrationClient
{
    public async Task<SlaInstanceState> GetStateAsync(string instanceId, CancellationToken ct)
    {
        var client = await host.ClientAsync(instanceId, ct);
        var state = await client.GetOrchestrationStateAsync(instanceId);
        return InstanceStartRule.StateOf(state?.OrchestrationStatus.ToString());
    }

    /// <summary>The backend's runtime status and output of an instance (null when there is none).</summary>
    public async Task<OrchestrationState?> StateAsync(string instanceId, CancellationToken ct)
    {
        var client = await host.ClientAsync(instanceId, ct);
        return await client.GetOrchestrationStateAsync(instanceId);
    }

    public async Task<bool> TryStartAsync(string instanceId, ReminderState input, CancellationToken ct)
    {
        var client = await host.ClientAsync(instanceId, ct);
        try
        {
            await client.CreateOrchestrationInstanceAsync(nameof(ReminderOrchestrator), "", instanceId, input, null, TaskHubStarts.DedupeStatuses());
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    public async Task RaiseAsync(string instanceId, ReminderSignal signal, CancellationToken ct)
    {
        var client = await host.ClientAsync(instanceId, ct);
        await client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, ReminderSignal.EventName, signal);
    }
}
