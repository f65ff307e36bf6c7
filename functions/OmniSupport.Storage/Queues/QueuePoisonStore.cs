using Azure.Storage.Queues;
using OmniSupport.Core.Abstractions;

namespace OmniSupport.Storage.Queues;

/// <summary>The <c>inbound-poison</c> queue, listed and replayed through the admin API.</summary>
public sealed class QueuePoisonStore(StorageClients clients) : IPoisonQueue
{
    private const int Batch = 32;
    private QueueClient Poison => clients.Queue(clients.Names.InboundPoisonQueue);

    public async Task<IReadOnlyList<PoisonMessage>> ListAsync(CancellationToken ct)
    {
        var peeked = await Poison.PeekMessagesAsync(Batch, ct);
        return peeked.Value.Select(m => Describe(m.MessageId, m.InsertedOn, m.Body.ToString())).ToList();
    }

    public async Task<bool> ReplayAsync(string id, CancellationToken ct)
    {
        // A queue message can only be deleted with the receipt of a receive; the others received
        // on the way are made visible again at once.
        var received = await Poison.ReceiveMessagesAsync(Batch, TimeSpan.FromSeconds(30), ct);
        var found = false;
        foreach (var message in received.Value)
        {
            if (message.MessageId == id)
            {
                await clients.Queue(clients.Names.InboundQueue).SendMessageAsync(message.Body.ToString(), ct);
                await Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                found = true;
            }
            else
            {
                await Poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
            }
        }

        return found;
    }

    private static PoisonMessage Describe(string id, DateTimeOffset? insertedOn, string body)
    {
        try
        {
            var message = QueueEnvelopeCodec.Parse(body);
            return new PoisonMessage(id, insertedOn, message.Envelope?.Provider ?? message.Provider ?? "unknown",
                message.Envelope?.Messages.Count ?? 0, message.Envelope?.Id ?? message.EnvelopeId);
        }
        catch (System.Text.Json.JsonException)
        {
            return new PoisonMessage(id, insertedOn, "unreadable", 0, null);
        }
    }
}
