using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Common;

namespace OmniSupport.Storage;

/// <summary>
/// Creates the hub's tables, queues and containers at start. Storage being down at start is logged,
/// not fatal: the hub comes up, answers 503 where it needs storage, and works once storage is back.
/// </summary>
public sealed class StorageInitializer(StorageClients clients, ILogger<StorageInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            log.LogError(SummarizedException.Of(ex), "Storage could not be prepared at start ({Error}); requests needing it will answer 503", ex.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        var names = clients.Names;
        await Task.WhenAll(names.Tables.Select(t => clients.Tables.CreateTableIfNotExistsAsync(t, ct)));
        await Task.WhenAll(names.Queues.Select(q => clients.Queue(q).CreateIfNotExistsAsync(cancellationToken: ct)));
        await Task.WhenAll(names.Containers.Select(c => clients.Container(c).CreateIfNotExistsAsync(cancellationToken: ct)));
        log.LogInformation("Storage ready: {Tables} tables, {Queues} queues, {Containers} containers",
            names.Tables.Count(), names.Queues.Count(), names.Containers.Count());
    }
}
