using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Functions.Triggers;

/// <summary>
/// <see cref="InstanceStartRule"/> on the Functions extension's client. The extension overwrites an instance that
/// has finished (completed, failed, terminated) when it is scheduled again, where the Server's backend refuses every
/// existing id; so the state is read first and an existing instance, in any state, is not started again.
/// </summary>
public static class DurableClientStarts
{
    public static async Task<bool> TryStartAsync<TInput>(DurableTaskClient client, string orchestratorName, string instanceId, TInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!InstanceStartRule.MayStart(await StateAsync(client, instanceId, ct)))
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, new StartOrchestrationOptions(instanceId), ct);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Grpc.Core.RpcException)
        {
            // Two starts raced past the read: the extension refuses the second (an id that is running); depending on
            // its version that surfaces as AlreadyExists or as a bare "Exception was thrown by handler"
            // (azure-functions-durable-extension #3027, #3316). An instance that now exists means the other start won.
            if (await StateAsync(client, instanceId, ct) != SlaInstanceState.None)
            {
                return false;
            }

            throw;
        }
    }

    private static async Task<SlaInstanceState> StateAsync(DurableTaskClient client, string instanceId, CancellationToken ct) =>
        InstanceStartRule.StateOf((await client.GetInstanceAsync(instanceId, ct))?.RuntimeStatus.ToString());
}
