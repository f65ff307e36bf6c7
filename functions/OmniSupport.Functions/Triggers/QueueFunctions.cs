using Microsoft.Azure.Functions.Worker;
using OmniSupport.Core.Ingest;
using OmniSupport.Storage;

namespace OmniSupport.Functions.Triggers;

/// <summary>
/// Queue triggers on the hub's data account. <c>HubStorage</c> is the binding's connection: a
/// connection string locally, <c>HubStorage__queueServiceUri</c> + managed identity in Azure.
/// </summary>
public sealed class QueueFunctions(ProcessInboundEnvelope process, SweepInbox sweep)
{
    public const string Connection = "HubStorage";

    [Function("ProcessInbound")]
    public Task ProcessInbound(
        [QueueTrigger(StorageNames.Bindings.InboundQueue, Connection = Connection)] string message,
        CancellationToken ct) => process.HandleAsync(message, ct);

    [Function("SweepInbox")]
    public Task Sweep([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken ct) => sweep.SweepAsync(ct);
}
