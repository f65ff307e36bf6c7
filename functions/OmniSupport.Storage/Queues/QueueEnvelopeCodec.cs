using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Ingest;
using OmniSupport.Storage.Tables;

namespace OmniSupport.Storage.Queues;

/// <summary>
/// The inbound queue message: the envelope inline, or past the queue's 64 KiB (48 KiB of text once
/// base64-encoded) a claim check naming a blob that holds it.
/// </summary>
public sealed class QueueEnvelopeCodec(StorageClients clients) : IInboundQueue, IInboundEnvelopeReader
{
    public const int MaxInlineBytes = 45 * 1024;
    private readonly BlobContainerClient _payloads = clients.Container(clients.Names.PayloadsContainer);

    public async Task EnqueueAsync(InboundEnvelope envelope, CancellationToken ct)
    {
        var text = await EncodeAsync(envelope, ct);
        await clients.Queue(clients.Names.InboundQueue).SendMessageAsync(text, ct);
    }

    public async Task<string> EncodeAsync(InboundEnvelope envelope, CancellationToken ct)
    {
        var json = Json.Serialize(new QueueMessage { Envelope = envelope });
        if (Encoding.UTF8.GetByteCount(json) <= MaxInlineBytes)
        {
            return json;
        }

        var blobName = $"inbound/{envelope.ReceivedAt:yyyy-MM-dd}/{envelope.Id}.json";
        await _payloads.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(Json.Serialize(envelope)), overwrite: true, ct);
        return Json.Serialize(new QueueMessage { ClaimCheck = blobName, Provider = envelope.Provider, EnvelopeId = envelope.Id });
    }

    public async Task<InboundEnvelope?> ReadAsync(string queueMessageText, CancellationToken ct)
    {
        var message = Parse(queueMessageText);
        if (message.Envelope is not null)
        {
            return message.Envelope;
        }

        if (message.ClaimCheck is null)
        {
            throw new JsonException("The queue message holds neither an envelope nor a claim check.");
        }

        try
        {
            var content = await _payloads.GetBlobClient(message.ClaimCheck).DownloadContentAsync(ct);
            return Json.Deserialize<InboundEnvelope>(content.Value.Content.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // deleted once processed: this is a redelivery of a message already handled
        }
    }

    /// <summary>Deletes the claim-checked payload of a processed message (nothing for an inline one).</summary>
    public async Task ProcessedAsync(string queueMessageText, CancellationToken ct)
    {
        if (ClaimCheckOf(queueMessageText) is { } blobName)
        {
            await _payloads.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: ct);
        }
    }

    public static QueueMessage Parse(string queueMessageText) => Json.Deserialize<QueueMessage>(queueMessageText);

    private static string? ClaimCheckOf(string queueMessageText) => Parse(queueMessageText).ClaimCheck;

    public sealed class QueueMessage
    {
        public InboundEnvelope? Envelope { get; init; }
        public string? ClaimCheck { get; init; }
        public string? Provider { get; init; }
        public string? EnvelopeId { get; init; }
    }
}
