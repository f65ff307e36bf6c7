using System.Text.Json;
using OmniSupport.Core.Sla;

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

    public Task EnqueueAsync(SlaSignalMessage signal, TimeSpan delay, CancellationToken ct) =>
        clients.Queue(clients.Names.SlaSignalsQueue).SendMessageAsync(JsonSerializer.Serialize(signal, SlaSignalMessage.Json), delay, null, ct);
}

/// <summary>The <c>reminders</c> queue: JSON signals for the appointment reminder orchestrations.</summary>
public sealed class QueueReminderSignalWriter(StorageClients clients) : OmniSupport.Core.Appointments.IReminderSignalQueue
{
    public Task EnqueueAsync(OmniSupport.Core.Appointments.ReminderSignalMessage message, CancellationToken ct) =>
        clients.Queue(clients.Names.RemindersQueue).SendMessageAsync(JsonSerializer.Serialize(message, OmniSupport.Core.Appointments.ReminderSignalMessage.Json), ct);
}
