using System.Text.Json;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Outbound;
using OmniSupport.Core.Sla;
using OmniSupport.Storage.Tables;

namespace OmniSupport.Storage.Queues;

/// <summary>The <c>callbacks</c> queue: one message per call task, holding its id.</summary>
public sealed class QueueCallbackQueue(StorageClients clients) : ICallbackQueue
{
    public Task EnqueueAsync(string callTaskId, CancellationToken ct) =>
        clients.Queue(clients.Names.CallbacksQueue).SendMessageAsync(callTaskId, ct);
}

/// <summary>The <c>sla-signals</c> queue: JSON signals for the SLA orchestrations.</summary>
public sealed class QueueSlaSignalWriter(StorageClients clients) : ISlaSignalQueue
{
    public Task EnqueueAsync(SlaSignalMessage signal, CancellationToken ct) =>
        clients.Queue(clients.Names.SlaSignalsQueue).SendMessageAsync(JsonSerializer.Serialize(signal, SlaSignalMessage.Json), ct);
}

/// <summary>
/// Writes outbound messages as JSON to the <c>outbound</c> queue. Registered only when no other
/// <see cref="IOutboundQueue"/> is (the outbound senders bring their own codec).
/// </summary>
public sealed class OutboundQueueFallback(StorageClients clients) : IOutboundQueue
{
    public Task EnqueueAsync(OutboundMessage message, CancellationToken ct) =>
        clients.Queue(clients.Names.OutboundQueue).SendMessageAsync(Json.Serialize(message), ct);
}
