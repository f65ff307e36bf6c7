using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Outbound;
using OmniSupport.Storage.Tables;

namespace OmniSupport.Storage.Queues;

/// <summary>
/// The <c>outbound</c> queue message: the message inline with the enqueuer's trace, or (a long email
/// reply past the queue's 64 KiB) a claim check naming a blob that holds it.
/// </summary>
public sealed class OutboundQueueCodec(StorageClients clients) : IOutboundQueue, IOutboundMessageReader
{
    private readonly ClaimCheckPayloads _payloads = new(clients);

    public async Task EnqueueAsync(OutboundMessage message, CancellationToken ct)
    {
        var item = new OutboundQueueItem { Message = message, TraceParent = Activity.Current?.Id };
        var json = Json.Serialize(new QueueMessage { Item = item });
        if (Encoding.UTF8.GetByteCount(json) > ClaimCheckPayloads.MaxInlineBytes)
        {
            var blobName = $"outbound/{message.CreatedAt:yyyy-MM-dd}/{message.Id}.json";
            await _payloads.UploadAsync(blobName, item, ct);
            json = Json.Serialize(new QueueMessage { ClaimCheck = blobName, OutboundId = message.Id });
        }

        await clients.Queue(clients.Names.OutboundQueue).SendMessageAsync(json, ct);
    }

    public async Task<OutboundQueueItem?> ReadAsync(string queueMessageText, CancellationToken ct)
    {
        var message = Json.Deserialize<QueueMessage>(queueMessageText);
        if (message.Item is not null)
        {
            return message.Item;
        }

        if (message.ClaimCheck is null)
        {
            throw new JsonException("The outbound queue message holds neither a message nor a claim check.");
        }

        return await _payloads.ReadAsync<OutboundQueueItem>(message.ClaimCheck, ct);
    }

    /// <summary>Deletes the claim-checked payload of a processed message (nothing for an inline one).</summary>
    public Task ProcessedAsync(string queueMessageText, CancellationToken ct) => _payloads.DeleteAsync(ClaimCheckOf(queueMessageText), ct);

    private static string? ClaimCheckOf(string queueMessageText) => Json.Deserialize<QueueMessage>(queueMessageText).ClaimCheck;

    public sealed class QueueMessage
    {
        public OutboundQueueItem? Item { get; init; }
        public string? ClaimCheck { get; init; }
        public string? OutboundId { get; init; }
    }
}
