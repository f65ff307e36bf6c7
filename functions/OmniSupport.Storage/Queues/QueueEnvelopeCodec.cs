using System.Text;
using System.Text.Json;
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
    private readonly ClaimCheckPayloads _payloads = new(clients);

    public async Task EnqueueAsync(InboundEnvelope envelope, CancellationToken ct)
    {
        var text = await EncodeAsync(envelope, ct);
        await clients.Queue(clients.Names.InboundQueue).SendMessageAsync(text, ct);
    }

    public async Task<string> EncodeAsync(InboundEnvelope envelope, CancellationToken ct)
    {
        var json = Json.Serialize(new QueueMessage { Envelope = envelope });
        if (Encoding.UTF8.GetByteCount(json) <= ClaimCheckPayloads.MaxInlineBytes)
        {
            return json;
        }

        var blobName = $"inbound/{envelope.ReceivedAt:yyyy-MM-dd}/{envelope.Id}.json";
        await _payloads.UploadAsync(blobName, envelope, ct);
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

        return await _payloads.ReadAsync<InboundEnvelope>(message.ClaimCheck, ct);
    }

    /// <summary>Deletes the claim-checked payload of a processed message (nothing for an inline one).</summary>
    public Task ProcessedAsync(string queueMessageText, CancellationToken ct) => _payloads.DeleteAsync(ClaimCheckOf(queueMessageText), ct);

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
