using DurableTask.Core;
using DurableTask.Core.Exceptions;
using OmniSupport.Orchestrations;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Server.Durable;

/// <summary>The SLA's Durable port on DurableTask.Core's TaskHubClient.</summary>
public sealed class TaskHubSlaClient(DurableHost host) : ISlaOrchestrationClient
{
    public async Task<SlaInstanceState> GetStateAsync(string instanceId, CancellationToken ct)
    {
        var client = await host.ClientAsync(instanceId, ct);
        var state = await client.GetOrchestrationStateAsync(instanceId);
        return InstanceStartRule.StateOf(state?.OrchestrationStatus.ToString());
    }

    /// <summary>The backend's runtime status of an instance (Pending, Running, Completed…), null when there is none.</summary>
    public async Task<string?> RuntimeStatusAsync(string instanceId, CancellationToken ct)
    {
        var client = await host.ClientAsync(instanceId, ct);
        return (await client.GetOrchestrationStateAsync(instanceId))?.OrchestrationStatus.ToString();
    }

    public async Task<bool> TryStartAsync(string instanceId, SlaState input, CancellationToken ct)
    {
        var client = await host.ClientAsync(instanceId, ct);
        try
        {
            await client.CreateOrchestrationInstanceAsync(nameof(SlaOrchestrator), "", instanceId, input, null, TaskHubStarts.DedupeStatuses());
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    public async Task RaiseAsync(string instanceId, SlaSignal signal, CancellationToken ct)
    {
        var client = await host.ClientAsync(instanceId, ct);
        await client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, SlaSignal.EventName, signal);
    }
}
