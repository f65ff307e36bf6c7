using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;
using OmniSupport.Core.Appointments;
using OmniSupport.Orchestrations.Reminders;
using OmniSupport.Orchestrations.Signals;
using OmniSupport.Storage;

namespace OmniSupport.Functions.Triggers;

/// <summary>The hospital's staff view, audit export and JWKS (same handlers as the Server's routes).</summary>
public sealed class HospitalFunctions(AppointmentEndpoints endpoints)
{
    [Function("ListAppointments")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Appointments)] HttpRequest request,
        CancellationToken ct) => endpoints.ListAsync(request, ct);

    [Function("GetAppointment")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Appointment)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.GetAsync(request, id, ct);

    [Function("ExportAuditEvents")]
    public Task<IResult> AuditEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AuditExportFhir)] HttpRequest request,
        string day,
        CancellationToken ct) => endpoints.AuditEventsAsync(request, day, ct);

    [Function("GetJwks")]
    public IResult Jwks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.FhirJwks)] HttpRequest request) => endpoints.Jwks();
}

/// <summary>
/// The reminders in Durable Functions: the same orchestrator and activity classes the Server's TaskHubWorker
/// runs, one trigger each, named as the Server names them; the import timer and the <c>reminders</c> queue.
/// </summary>
public sealed class ReminderOrchestrationFunctions(
    ReminderOrchestrator orchestrator,
    SendAppointmentReminder sendReminder,
    CreateReminderCall createCall,
    RecordReminderOutcome recordOutcome,
    RecordReminderStep recordStep,
    CancelAppointmentInEhr cancel,
    ApplyReminderSignal apply,
    ImportAppointments import,
    IOptions<HospitalOptions> hospital)
{
    [Function(nameof(ReminderOrchestrator))]
    public Task<ReminderOutcome> RunReminder([OrchestrationTrigger] TaskOrchestrationContext context) =>
        orchestrator.RunAsync(context, context.GetInput<ReminderState>() ?? throw new InvalidOperationException("The reminder orchestration needs its state as input."));

    [Function(nameof(SendAppointmentReminder))]
    public Task<string> SendAppointmentReminder([ActivityTrigger] ReminderStepInput input, CancellationToken ct) => sendReminder.RunAsync(input, ct);

    [Function(nameof(CreateReminderCall))]
    public Task<string> CreateReminderCall([ActivityTrigger] ReminderStepInput input, CancellationToken ct) => createCall.RunAsync(input, ct);

    [Function(nameof(RecordReminderOutcome))]
    public Task<string> RecordReminderOutcome([ActivityTrigger] ReminderOutcomeInput input, CancellationToken ct) => recordOutcome.RunAsync(input, ct);

    [Function(nameof(RecordReminderStep))]
    public Task<string> RecordReminderStep([ActivityTrigger] ReminderOutcomeInput input, CancellationToken ct) => recordStep.RunAsync(input, ct);

    [Function(nameof(CancelAppointmentInEhr))]
    public Task<string> CancelAppointmentInEhr([ActivityTrigger] ReminderOutcomeInput input, CancellationToken ct) => cancel.RunAsync(input, ct);

    /// <summary>Imported appointments and patients' answers to their reminder orchestrations.</summary>
    [Function("ApplyReminderSignal")]
    public Task ApplyReminderSignal(
        [QueueTrigger(StorageNames.Bindings.RemindersQueue, Connection = QueueFunctions.Connection)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) => apply.HandleAsync(message, new DurableClientReminderOrchestrations(client), ct);

    [Function("ImportAppointments")]
    public async Task Import([TimerTrigger(HospitalSchedule.ImportCron)] TimerInfo timer, CancellationToken ct)
    {
        if (hospital.Value.Enabled)
        {
            await import.ImportAsync(ct);
        }
    }
}

/// <summary>The reminders' Durable port on the Functions extension's DurableTaskClient.</summary>
public sealed class DurableClientReminderOrchestrations(DurableTaskClient client) : IReminderOrchestrationClient
{
    public async Task<SlaInstanceState> GetStateAsync(string instanceId, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(instanceId, ct);
        return InstanceStartRule.StateOf(instance?.RuntimeStatus.ToString());
    }

    public Task<bool> TryStartAsync(string instanceId, ReminderState input, CancellationToken ct) =>
        DurableClientStarts.TryStartAsync(client, nameof(ReminderOrchestrator), instanceId, input, ct);

    public Task RaiseAsync(string instanceId, ReminderSignal signal, CancellationToken ct) =>
        client.RaiseEventAsync(instanceId, ReminderSignal.EventName, signal, ct);
}
