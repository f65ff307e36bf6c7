namespace OmniSupport.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>A connection string (Azurite locally). In Azure leave it empty and set the service URIs.</summary>
    public string? ConnectionString { get; set; }

    public string? TableServiceUri { get; set; }
    public string? QueueServiceUri { get; set; }
    public string? BlobServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity used with the service URIs.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prepended to every table, queue and container name (lower-case letters and digits), so test runs and tenants can share an account.</summary>
    public string Prefix { get; set; } = "";
}
