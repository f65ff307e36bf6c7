using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace OmniSupport.Storage;

/// <summary>
/// The three service clients, from a connection string (Azurite) or from service URIs with a
/// managed identity (Azure, no keys). Retries are short: a webhook waits on the queue client,
/// and a provider should get its 503 in seconds, not minutes. Pipeline policies registered in the
/// container see every request of every client, each attempt once (a request counter in the tests).
/// </summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options, IEnumerable<HttpPipelinePolicy>? policies = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        Names = new StorageNames(o.Prefix);
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var blobOptions = new BlobClientOptions();
        foreach (ClientOptions c in new ClientOptions[] { tableOptions, queueOptions, blobOptions })
        {
            c.Retry.MaxRetries = 3;
            c.Retry.Delay = TimeSpan.FromMilliseconds(200);
            c.Retry.MaxDelay = TimeSpan.FromSeconds(2);
            c.Retry.NetworkTimeout = TimeSpan.FromSeconds(20);
            foreach (var policy in policies ?? [])
            {
                c.AddPolicy(policy, HttpPipelinePosition.PerRetry);
            }
        }

        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Tables = new TableServiceClient(o.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(o.ConnectionString, queueOptions);
            Blobs = new BlobServiceClient(o.ConnectionString, blobOptions);
            return;
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(o.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ManagedIdentityClientId));
        Tables = new TableServiceClient(Required(o.TableServiceUri, nameof(o.TableServiceUri)), credential, tableOptions);
        Queues = new QueueServiceClient(Required(o.QueueServiceUri, nameof(o.QueueServiceUri)), credential, queueOptions);
        Blobs = new BlobServiceClient(Required(o.BlobServiceUri, nameof(o.BlobServiceUri)), credential, blobOptions);
    }

    public StorageNames Names { get; }
    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    private static Uri Required(string? value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions),
                [$"Set {StorageOptions.SectionName}:ConnectionString, or {StorageOptions.SectionName}:{name} (with the other service URIs) for identity-based access."]);
}
