namespace OmniSupport.Api;

public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The hub's public base URL (https://host), used where a provider signs the URL it called.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Largest webhook body accepted; larger ones get 413.</summary>
    public int MaxWebhookBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>API keys from configuration: only their SHA-256 hashes are kept.</summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>How long keys created through the admin API or the Server command are cached before the table is read again.</summary>
    public int StoredKeyCacheSeconds { get; set; } = 30;

    /// <summary>How long a console sign-in (the session cookie) lasts.</summary>
    public int SessionMinutes { get; set; } = 480;
}

public sealed class ApiKeyOptions
{
    /// <summary>A name for the key that appears in logs and audit entries (never the key).</summary>
    public string Id { get; set; } = "";

    /// <summary>Hex SHA-256 of the key (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Comma-separated: read, write, admin (admin can write, write can read).</summary>
    public string Scopes { get; set; } = "read";
}
