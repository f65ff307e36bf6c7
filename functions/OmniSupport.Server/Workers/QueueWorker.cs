using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using OmniSupport.Storage;
using OmniSupport.Core.Common;

namespace OmniSupport.Server.Workers;

/// <summary>
/// The Server's stand-in for a Functions queue trigger: receive, handle, delete; a message that fails
/// is redelivered after its visibility timeout, and after <c>MaxDequeueCount</c> tries it moves to the
/// queue's <c>-poison</c> twin, as the Functions host does.
/// </summary>
public abstract class QueueWorker(
    StorageClients storage,
    IOptions<StorageOptions> storageOptions,
    IOptions<QueueWorkerOptions> options,
    ILogger logger) : BackgroundService
{
    /// <summary>The queue's name without the storage prefix (the name the Functions trigger uses).</summary>
    public abstract string QueueName { get; }

    protected abstract Task HandleAsync(string messageText, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = storage.Queue(storageOptions.Value.Prefix + QueueName);
        var poison = storage.Queue(storageOptions.Value.Prefix + QueueName + StorageNames.PoisonSuffix);
        var o = options.Value;
        var idle = TimeSpan.FromMilliseconds(50);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(o.BatchSize, TimeSpan.FromSeconds(o.VisibilityTimeoutSeconds), stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return; // the SDK may surface a cancelled retry as its own exception
            }
            catch (Exception ex)
            {
                // Storage down or unreachable: keep polling with backoff, the host stays up.
                logger.LogWarning(SummarizedException.Of(ex), "Queue {Queue} unavailable ({Error}); retrying", QueueName, ex.GetType().Name);
                batch = [];
            }

            if (batch.Length == 0)
            {
                idle = TimeSpan.FromMilliseconds(Math.Min(idle.TotalMilliseconds * 2, o.MaxPollIntervalMilliseconds));
                await Delay(idle, stoppingToken);
                continue;
            }

            idle = TimeSpan.FromMilliseconds(50);
            await Task.WhenAll(batch.Select(m => ProcessAsync(queue, poison, m, stoppingToken)));
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        try
        {
            await HandleAsync(message.Body.ToString(), ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Shutting down (whatever the handler or the storage SDK threw on the way out): not a failed try and
            // never a reason for poison; the message becomes visible again after its timeout.
        }
        catch (Exception ex)
        {
            // The exception's message may quote the message's content (a customer's text, an address): withheld.
            logger.LogError(SummarizedException.Of(ex), "Queue {Queue} message {MessageId} failed on try {DequeueCount}: {Error}",
                QueueName, message.MessageId, message.DequeueCount, ex.GetType().Name);
            if (message.DequeueCount >= storageOptions.Value.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, ct);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken ct)
    {
        try
        {
            await poison.SendMessageAsync(message.Body.ToString(), ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
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
