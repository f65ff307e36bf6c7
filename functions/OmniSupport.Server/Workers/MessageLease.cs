using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace OmniSupport.Server.Workers;

/// <summary>
/// A received message held invisible while it is worked on: the lease is renewed every third of its length
/// until <see cref="StopRenewingAsync"/>, and each renewal's pop receipt is kept for the delete or the release
/// that ends it. A renewal that storage refuses (404: the message was deleted or taken over) stops renewing.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly TimeSpan _lease;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, ILogger log)
    {
        _queue = queue;
        _lease = lease;
        _log = log;
        MessageId = message.MessageId;
        PopReceipt = message.PopReceipt;
        _renewing = Task.Run(() => RenewAsync(_stop.Token));
    }

    public string MessageId { get; }

    /// <summary>The pop receipt of the last renewal: the one storage accepts for the delete.</summary>
    public string PopReceipt { get; private set; }

    public async Task StopRenewingAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _renewing;
    }

    /// <summary>Ends the lease with the message invisible for <paramref name="delay"/>: the retry delay of a failed try.</summary>
    public async Task ReleaseAsync(TimeSpan delay, CancellationToken ct)
    {
        await StopRenewingAsync();
        await _queue.UpdateMessageAsync(MessageId, PopReceipt, visibilityTimeout: delay, cancellationToken: ct);
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        var every = _lease / 3;
        var wait = every;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, stop);
                // A renewal once sent is not cancelled by the stop: storage may already have applied it, and only its
                // answer carries the pop receipt the delete needs (cancelled, the delete used the old one and failed,
                // and the message came back to be worked on twice). It is bounded by the lease it extends.
                // The next tick counts from this request's start, so a slow storage round trip does not eat the lease's slack.
                var sent = TimeProvider.System.GetTimestamp();
                using var bounded = new CancellationTokenSource(_lease);
                var renewed = await _queue.UpdateMessageAsync(MessageId, PopReceipt, visibilityTimeout: _lease, cancellationToken: bounded.Token);
                PopReceipt = renewed.Value.PopReceipt;
                var took = TimeProvider.System.GetElapsedTime(sent);
                wait = took < every ? every - took : TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                _log.LogWarning("Queue message {MessageId}: its lease could not be renewed (gone or taken over)", MessageId);
                return;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                // Storage unreachable for a moment: try again at the next tick, the lease still has two thirds to run.
                _log.LogWarning("Queue message {MessageId}: lease renewal failed ({Error}); retrying", MessageId, ex.GetType().Name);
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopRenewingAsync();
        _stop.Dispose();
    }
}
