using Microsoft.Extensions.Options;
using OmniSupport.Core.Appointments;
using OmniSupport.Orchestrations.Reminders;
using OmniSupport.Server.Durable;
using OmniSupport.Storage;
using OmniSupport.Core.Common;

namespace OmniSupport.Server.Workers;

/// <summary>The <c>reminders</c> queue: imported appointments and patients' answers to the reminder orchestrations.</summary>
public sealed class ReminderSignalQueueWorker(
    ApplyReminderSignal apply,
    TaskHubReminderClient client,
    IOptions<DurableOptions> durable,
    StorageClients storage,
    IOptions<StorageOptions> storageOptions,
    IOptions<QueueWorkerOptions> options,
    ILogger<ReminderSignalQueueWorker> logger) : QueueWorker(storage, storageOptions, options, logger)
{
    public override string QueueName => StorageNames.RemindersQueueName;

    /// <summary>Signals wait on the queue when this Server runs no orchestrations.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        durable.Value.Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override Task HandleAsync(string messageText, CancellationToken ct) => apply.HandleAsync(messageText, client, ct);
}

/// <summary>
/// The import timer (the Functions app's TimerTrigger): reads the coming days' appointments from the EHR
/// at start and then every <see cref="HospitalOptions.ImportInterval"/>, when <c>Hospital:Enabled</c>.
/// An EHR that does not answer is logged and tried again at the next tick.
/// </summary>
public sealed class AppointmentImportWorker(ImportAppointments import, IOptions<HospitalOptions> options, ILogger<AppointmentImportWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ImportInterval);
        do
        {
            try
            {
                await import.ImportAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(SummarizedException.Of(ex), "Appointment import failed ({Error}); next try in {Interval}", ex.GetType().Name, options.Value.ImportInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
