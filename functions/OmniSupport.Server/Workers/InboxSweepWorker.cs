using OmniSupport.Core.Ingest;
using OmniSupport.Core.Common;

namespace OmniSupport.Server.Workers;

/// <summary>Sweeps expired dedupe records hourly (the Functions app runs the same use case on a timer).</summary>
public sealed class InboxSweepWorker(SweepInbox sweep, ILogger<InboxSweepWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await sweep.SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(SummarizedException.Of(ex), "Inbox sweep failed ({Error}); next try in an hour", ex.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
