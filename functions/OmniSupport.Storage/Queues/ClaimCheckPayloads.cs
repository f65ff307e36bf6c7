using Azure;
using Azure.Storage.Blobs;
using OmniSupport.Storage.Tables;

namespace OmniSupport.Storage.Queues;

/// <summary>
/// The payloads container behind the queues' claim checks: a message past the queue's size limit is kept
/// here, read back by its worker, and deleted once processed (a lifecycle rule in infra removes strays).
/// </summary>
public sealed class ClaimCheckPayloads(StorageClients clients)
{
    /// <summary>What a queue message may hold inline: the queue's 64 KiB is 48 KiB of text once base64-encoded.</summary>
    public const int MaxInlineBytes = 45 * 1024;

    private readonly BlobContainerClient _payloads = clients.Container(clients.Names.PayloadsContainer);

    public Task UploadAsync<T>(string blobName, T payload, CancellationToken ct) =>
        _payloads.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(Json.Serialize(payload)), overwrite: true, ct);

    /// <summary>The payload, or null when it is gone: deleted once processed, so this is a redelivery of a message already handled.</summary>
    public async Task<T?> ReadAsync<T>(string blobName, CancellationToken ct)
        where T : class
    {
        try
        {
            var content = await _payloads.GetBlobClient(blobName).DownloadContentAsync(ct);
            return Json.Deserialize<T>(content.Value.Content.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes a processed message's payload (nothing for a message that had none).</summary>
    public async Task DeleteAsync(string? blobName, CancellationToken ct)
    {
        if (blobName is not null)
        {
            await _payloads.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: ct);
        }
    }
}
