using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Storage.Blobs;

/// <summary>Attachments as blobs; the timeline keeps only the reference.</summary>
public sealed class BlobAttachmentStore(StorageClients clients) : IAttachmentStore
{
    private readonly BlobContainerClient _container = clients.Container(clients.Names.AttachmentsContainer);

    public async Task<AttachmentReference> SaveAsync(string name, InboundAttachment attachment, CancellationToken ct)
    {
        var bytes = Convert.FromBase64String(attachment.ContentBase64);
        var safeName = string.Concat(attachment.FileName.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var blobName = $"{name}-{safeName}";
        await _container.GetBlobClient(blobName).UploadAsync(
            BinaryData.FromBytes(bytes),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = attachment.ContentType } },
            ct);
        return new AttachmentReference(attachment.FileName, attachment.ContentType, bytes.LongLength, blobName);
    }
}
