using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using OmniSupport.Storage;
using OmniSupport.Core.Common;

namespace OmniSupport.Server.Workers;

/// <summary>
/// The Server's stand-in for a Functions queue trigger, with host.json's semantics (<see cref="QueueWorkerOptions"/>):
/// receive up to <c>batchSize</c> messages, fetch the next batch once no more than <c>newBatchThreshold</c> are still
/// in work, back off to <c>maxPollingInterval</c> on an empty queue. A message in work is held by a renewed
/// lease (<see cref="MessageLease"/>), so a long handler keeps it; one that fails is made visible again after
/// <c>visibilityTimeout</c> (the retry delay), and after <c>maxDequeueCount</c> tries it moves to the queue's
/// <c>-poison</c> twin, as the Functions host does.
/// </summary>
public abstract class QueueWorker(
    StorageClients storage,
    IOptions<StorageOptions> storageOptions,
    IOptions<QueueWorkerOptions> options,
    ILogger logger) : BackgroundService
{
    /// <summary>The queue's name without the storage prefix (the name the Functions trigger's binding expression resolves to, unprefixed).</summary>
    public abstract string QueueName { get; }

    protected abstract Task HandleAsync(string messageText, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = storage.Queue(storageOptions.Value.Prefix + QueueName);
        var poison = storage.Queue(storageOptions.Value.Prefix + QueueName + StorageNames.PoisonSuffix);
        var o = options.Value;
        var running = new List<Task>();
        var idle = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                while (running.Count > o.NewBatchThreshold)
                {
                    await Task.WhenAny(running);
                    running.RemoveAll(t => t.IsCompleted);
                }

                var batch = await ReceiveAsync(queue, o, stoppingToken);
                if (batch.Length == 0)
                {
                    idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, o.MaxPollIntervalMilliseconds));
                    await Delay(idle, stoppingToken);
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(50);
                running.AddRange(batch.Select(m => ProcessAsync(queue, poison, m, o, stoppingToken)));
                running.RemoveAll(t => t.IsCompleted);
            }
        }
        finally
        {
            await Task.WhenAll(running); // ProcessAsync never throws
        }
    }

    private async Task<QueueMessage[]> ReceiveAsync(QueueClient queue, QueueWorkerOptions o, CancellationToken stoppingToken)
    {
        try
        {
            return (await queue.ReceiveMessagesAsync(o.BatchSize, o.Lease, stoppingToken)).Value;
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return []; // the SDK may surface a cancelled retry as its own exception
        }
        catch (Exception ex)
        {
            // Storage down or unreachable: keep polling with backoff, the host stays up.
            logger.LogWarning(SummarizedException.Of(ex), "Queue {Queue} unavailable ({Error}); retrying", QueueName, ex.GetType().Name);
            return [];
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, QueueWorkerOptions o, CancellationToken ct)
    {
        await using var lease = new MessageLease(queue, message, o.Lease, logger);
        try
        {
            await HandleAsync(message.Body.ToString(), ct);
            await lease.StopRenewingAsync();
            await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, ct);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Shutting down (whatever the handler or the storage SDK threw on the way out): not a failed try and
            // never a reason for poison. The message is handed back at once for another replica or the next start
            // (bounded, storage may be gone too); if that fails it comes back when its lease runs out.
            await ReleaseOnStopAsync(lease);
        }
        catch (Exception ex)
        {
            // The exception's message may quote the message's content (a customer's text, an address): withheld.
            logger.LogError(SummarizedException.Of(ex), "Queue {Queue} message {MessageId} failed on try {DequeueCount}: {Error}",
                QueueName, message.MessageId, message.DequeueCount, ex.GetType().Name);
            await lease.StopRenewingAsync();
            if (message.DequeueCount >= o.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, lease.PopReceipt, ct);
            }
            else
            {
                await ReleaseAsync(lease, o.RetryDelay, ct);
            }
        }
    }

    /// <summary>The failed message's next try comes after host.json's visibility timeout, not when the lease would have run out.</summary>
    private async Task ReleaseAsync(MessageLease lease, TimeSpan retryDelay, CancellationToken ct)
    {
        try
        {
            await lease.ReleaseAsync(retryDelay, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Queue {Queue} message {MessageId} could not be released for its retry ({Error}); it returns when its lease runs out",
                QueueName, lease.MessageId, ex.GetType().Name);
        }
        catch (Exception)
        {
            // Shutting down: the message returns when its lease runs out.
        }
    }

    /// <summary>How long handing a message back at shutdown may take (within the host's shutdown timeout).</summary>
    public static readonly TimeSpan ReleaseOnStopBound = TimeSpan.FromSeconds(2);

    private static async Task ReleaseOnStopAsync(MessageLease lease)
    {
        using var bound = new CancellationTokenSource(ReleaseOnStopBound);
        try
        {
            await lease.ReleaseAsync(TimeSpan.Zero, bound.Token);
        }
        catch (Exception)
        {
            // Storage unreachable or too slow while stopping: the lease runs out instead.
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt, CancellationToken ct)
    {
        try
        {
            await poison.SendMessageAsync(message.Body.ToString(), ct);
            await queue.DeleteMessageAsync(message.MessageId, popReceipt, ct);
            logger.LogWarning("Queue {Queue} message {MessageId} moved to poison after {DequeueCount} tries", QueueName, message.MessageId, message.DequeueCount);
        }
        catch (RequestFailedException ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError("Queue {Queue} message {MessageId} could not be moved to poison ({Status})", QueueName, message.MessageId, ex.Status);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Shutting down: the message is redelivered and moved on its next failure.
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
