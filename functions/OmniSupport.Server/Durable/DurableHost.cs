using System.Diagnostics;
using Azure.Core;
using Azure.Identity;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;
using OmniSupport.Orchestrations;
using OmniSupport.Storage;
using OmniSupport.Core.Common;

namespace OmniSupport.Server.Durable;

/// <summary>
/// Runs the SLA orchestrations in the Server: the Durable Task Framework's Azure Storage backend (the
/// engine behind Durable Functions' default backend) with a TaskHubWorker whose orchestrations and
/// activities are the Microsoft.DurableTask classes the Functions app runs, bridged by
/// DurableTaskShimFactory. Start is in the background: the Server answers requests while the task hub
/// is being created, and a storage outage at start is retried instead of stopping the host.
/// </summary>
public sealed class DurableHost(
    IServiceProvider services,
    IOptions<DurableOptions> options,
    IOptions<StorageOptions> storage,
    TaskHubLayout layout,
    ILoggerFactory loggerFactory,
    ILogger<DurableHost> log) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<IReadOnlyList<TaskHubClient>> _clients = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TaskHubWorker> _workers = [];
    private Task? _starting;

    /// <summary>Orchestrator names the worker registers (the Functions app must have a trigger for each).</summary>
    public static IReadOnlyList<string> OrchestrationNames => Orchestrators.Select(t => t.Name).ToList();

    /// <summary>Activity names the worker registers.</summary>
    public static IReadOnlyList<string> ActivityNames => Activities.Select(t => t.Name).ToList();

    /// <summary>The SLA's and the appointment reminders' orchestrators, registered the same way.</summary>
    private static IEnumerable<Type> Orchestrators => SlaTasks.Orchestrators.Concat(OmniSupport.Orchestrations.Reminders.ReminderTasks.Orchestrators);

    private static IEnumerable<Type> Activities => SlaTasks.Activities.Concat(OmniSupport.Orchestrations.Reminders.ReminderTasks.Activities);

    /// <summary>The task hubs' names, the first being <c>Storage:Prefix</c> + <c>Durable:TaskHubName</c>.</summary>
    public IReadOnlyList<string> TaskHubNames =>
        Enumerable.Range(0, options.Value.TaskHubCount).Select(k => TaskHubShards.Name(storage.Value.Prefix + options.Value.TaskHubName, k)).ToList();

    /// <summary>The client of the task hub that runs <paramref name="instanceId"/>, once the task hubs exist.</summary>
    public async Task<TaskHubClient> ClientAsync(string instanceId, CancellationToken ct)
    {
        var clients = await _clients.Task.WaitAsync(ct);
        return clients[TaskHubShards.IndexOf(instanceId, clients.Count)];
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            log.LogInformation("Durable:Enabled is false: this Server runs no orchestrations");
            return Task.CompletedTask;
        }

        _starting = Task.Run(() => RunStartAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunStartAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        var clients = new List<TaskHubClient>();
        var layoutChecked = false;
        while (!ct.IsCancellationRequested && clients.Count < options.Value.TaskHubCount)
        {
            var index = clients.Count;
            try
            {
                if (!layoutChecked)
                {
                    await layout.EnsureAsync(TaskHubNames[0], options.Value.TaskHubCount, ct);
                    layoutChecked = true;
                }

                var watch = Stopwatch.StartNew();
                var service = new AzureStorageOrchestrationService(Settings(index));
                await service.CreateIfNotExistsAsync();
                var worker = new TaskHubWorker(service, loggerFactory);
                Register(worker);
                await worker.StartAsync();
                bool stopping;
                lock (_workers)
                {
                    stopping = ct.IsCancellationRequested;
                    if (!stopping)
                    {
                        _workers.Add(worker);
                    }
                }

                if (stopping)
                {
                    await worker.StopAsync(isForced: true); // the host stopped while this start was under way
                    return;
                }

                clients.Add(new TaskHubClient(service, loggerFactory: loggerFactory));
                log.LogInformation("Durable task hub {TaskHub} started in {Elapsed} ms", TaskHubNames[index], watch.ElapsedMilliseconds);
                delay = TimeSpan.FromSeconds(1);
            }
            catch (TaskHubLayoutException ex)
            {
                // Not retried: starting would split conversations from their orchestrations. Signals fail and are retried by their queue.
                log.LogCritical("Durable task hubs not started: {Problem}", ex.Message);
                _clients.TrySetException(ex);
                return;
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return; // stopping while storage was unreachable
            }
            catch (Exception ex)
            {
                log.LogError(SummarizedException.Of(ex), "Durable task hub {TaskHub} did not start ({Error}); retrying in {Delay}", TaskHubNames[index], ex.GetType().Name, delay);
                try
                {
                    await Task.Delay(delay, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }

        _clients.TrySetResult(clients);
    }

    /// <summary>The backend settings of task hub <paramref name="index"/>.</summary>
    public AzureStorageOrchestrationServiceSettings Settings(int index)
    {
        var o = options.Value;
        var s = storage.Value;
        var connection = o.ConnectionStrings.Count > 0 ? o.ConnectionStrings[index % o.ConnectionStrings.Count] : s.ConnectionString;
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = string.IsNullOrWhiteSpace(connection)
                ? new StorageAccountClientProvider(new Uri(s.BlobServiceUri!), new Uri(s.QueueServiceUri!), new Uri(s.TableServiceUri!), Credential(s))
                : new StorageAccountClientProvider(connection),
            TaskHubName = TaskHubNames[index],
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = loggerFactory,
        };
        o.ApplyTo(settings);
        return settings;
    }

    private void Register(TaskHubWorker worker)
    {
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), loggerFactory);
        foreach (var type in Orchestrators)
        {
            var name = type.Name;
            var orchestrator = (ITaskOrchestrator)services.GetRequiredService(type);
            worker.AddTaskOrchestrations(new ShimCreator<TaskOrchestration>(name, () => shims.CreateOrchestration(new TaskName(name), orchestrator)));
        }

        foreach (var type in Activities)
        {
            var name = type.Name;
            var activity = (ITaskActivity)services.GetRequiredService(type);
            worker.AddTaskActivities(new ShimCreator<DurableTask.Core.TaskActivity>(name, () => shims.CreateActivity(new TaskName(name), activity)));
        }
    }

    private static TokenCredential Credential(StorageOptions s) =>
        string.IsNullOrWhiteSpace(s.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(s.ManagedIdentityClientId));

    /// <summary>How long the graceful stop may take: in-flight episodes finish and the partition leases are released.</summary>
    public static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(4);

    /// <summary>How long the forced stop may take after that; past it the worker is left behind (its leases expire).</summary>
    public static readonly TimeSpan ForcedStop = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Bounded whatever storage does: the backend's stop calls take no token and, with storage gone, wait on
    /// lease releases and queue calls that only fail after their retries (the forced stop even waits for the
    /// graceful one's lock). Each is awaited for a bounded time and within the host's shutdown token, then
    /// left behind: the process is exiting, and what the worker still held becomes visible again after the
    /// backend's visibility and lease timeouts (nothing is lost, another Server or replica takes over).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The container disposed this service before the host stopped it (a test host torn down
            // twice): there is nothing left to stop.
            return;
        }

        if (_starting is not null)
        {
            // A start still under way stops its own worker when it finishes.
            await FinishedAsync(_starting, TimeSpan.FromSeconds(2), cancellationToken);
        }

        TaskHubWorker[] workers;
        lock (_workers)
        {
            workers = [.. _workers];
            _workers.Clear();
        }

        await Task.WhenAll(workers.Select(w => StopWorkerAsync(w, cancellationToken)));
    }

    private async Task StopWorkerAsync(TaskHubWorker worker, CancellationToken ct)
    {
        if (await FinishedAsync(worker.StopAsync(isForced: false), GracefulStop, ct))
        {
            return;
        }

        log.LogWarning("A Durable task hub worker did not stop within {Bound}; forcing", GracefulStop);
        if (!await FinishedAsync(worker.StopAsync(isForced: true), ForcedStop, ct))
        {
            log.LogWarning("A Durable task hub worker's forced stop did not finish within {Bound}; left behind (storage unreachable?)", ForcedStop);
        }
    }

    /// <summary>True when the task ended (a stop that failed because storage is gone has ended too) within the bound.</summary>
    private async Task<bool> FinishedAsync(Task task, TimeSpan bound, CancellationToken ct)
    {
        try
        {
            await task.WaitAsync(bound, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            log.LogWarning(SummarizedException.Of(ex), "A Durable task hub worker's stop failed ({Error})", ex.GetType().Name);
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
