using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OmniSupport.Orchestrations;
using OmniSupport.Orchestrations.Activities;
using OmniSupport.Orchestrations.Calls;
using OmniSupport.Orchestrations.Signals;
using OmniSupport.Storage;

namespace OmniSupport.Functions.Triggers;

/// <summary>
/// The SLA engine in Durable Functions: the same orchestrator and activity classes the Server's
/// TaskHubWorker runs, one trigger each, named as the Server names them (a test compares the two).
/// </summary>
public sealed class SlaOrchestrationFunctions(
    SlaOrchestrator orchestrator,
    RecordSlaStatus recordSlaStatus,
    NotifySupervisor notifySupervisor,
    SendFollowUp sendFollowUp,
    CreateCallTask createCallTask,
    RequeueConversation requeueConversation,
    SendSurvey sendSurvey,
    ApplySlaSignal applySignal,
    PlaceCallTask placeCallTask)
{
    [Function(nameof(SlaOrchestrator))]
    public Task<SlaOutcome?> RunSla([OrchestrationTrigger] TaskOrchestrationContext context) =>
        orchestrator.RunAsync(context, context.GetInput<SlaState>() ?? throw new InvalidOperationException("The SLA orchestration needs its state as input."));

    [Function(nameof(RecordSlaStatus))]
    public Task<string> RecordSlaStatus([ActivityTrigger] SlaStatusUpdate input, CancellationToken ct) => recordSlaStatus.RunAsync(input, ct);

    [Function(nameof(NotifySupervisor))]
    public Task<string> NotifySupervisor([ActivityTrigger] SlaStepInput input, CancellationToken ct) => notifySupervisor.RunAsync(input, ct);

    [Function(nameof(SendFollowUp))]
    public Task<string> SendFollowUp([ActivityTrigger] SlaStepInput input, CancellationToken ct) => sendFollowUp.RunAsync(input, ct);

    [Function(nameof(CreateCallTask))]
    public Task<string> CreateCallTask([ActivityTrigger] SlaStepInput input, CancellationToken ct) => createCallTask.RunAsync(input, ct);

    [Function(nameof(RequeueConversation))]
    public Task<string> RequeueConversation([ActivityTrigger] SlaStepInput input, CancellationToken ct) => requeueConversation.RunAsync(input, ct);

    [Function(nameof(SendSurvey))]
    public Task<string> SendSurvey([ActivityTrigger] SurveyRequest input, CancellationToken ct) => sendSurvey.RunAsync(input, ct);

    /// <summary>
    /// Conversation activity to the orchestrations. The isolated worker hands out a DurableTaskClient
    /// only through this binding, which is why the sink enqueues and this trigger applies.
    /// </summary>
    [Function("ApplySlaSignal")]
    public Task ApplySlaSignal(
        [QueueTrigger(StorageNames.Bindings.SlaSignalsQueue, Connection = QueueFunctions.Connection)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) => applySignal.HandleAsync(message, new DurableClientSlaOrchestrations(client), ct);

    [Function("PlaceCallTask")]
    public Task PlaceCallTask(
        [QueueTrigger(StorageNames.Bindings.CallbacksQueue, Connection = QueueFunctions.Connection)] string message,
        CancellationToken ct) => placeCallTask.HandleAsync(message, ct);
}

/// <summary>The SLA's Durable port on the Functions extension's DurableTaskClient.</summary>
public sealed class DurableClientSlaOrchestrations(DurableTaskClient client) : ISlaOrchestrationClient
{
    public async Task<SlaInstanceState> GetStateAsync(string instanceId, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(instanceId, ct);
        return InstanceStartRule.StateOf(instance?.RuntimeStatus.ToString());
    }

    public Task<bool> TryStartAsync(string instanceId, SlaState input, CancellationToken ct) =>
        DurableClientStarts.TryStartAsync(client, nameof(SlaOrchestrator), instanceId, input, ct);

    public Task RaiseAsync(string instanceId, SlaSignal signal, CancellationToken ct) =>
        client.RaiseEventAsync(instanceId, SlaSignal.EventName, signal, ct);
}
