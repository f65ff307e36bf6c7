namespace OmniSupport.Core.Ingest;

/// <summary>
/// The documented limit of every field of an <see cref="InboundMessage"/>, checked on the request path
/// before the ack, so that what is accepted can be stored: an id fits a table key once escaped, a
/// timeline event fits one entity (1 MiB, strings held as UTF-16).
/// </summary>
public static class InboundLimits
{
    /// <summary>
    /// Items in one webhook request. SendGrid posts its events in batches of up to 768 KB (a few thousand events),
    /// and a refused batch is lost whole, so the limit sits above what such a batch can hold.
    /// </summary>
    public const int MaxMessagesPerRequest = 5000;
    public const int MaxIdLength = 256;
    public const int MaxSourceLength = 64;
    public const int MaxChannelLength = 32;
    public const int MaxKindLength = 32;
    public const int MaxIdentities = 20;
    public const int MaxIdentityKindLength = 32;
    public const int MaxIdentityValueLength = 256;
    public const int MaxDisplayNameLength = 256;
    public const int MaxSubjectLength = 998;
    public const int MaxTextLength = 300_000;
    public const int MaxMetadataEntries = 64;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 4096;
    public const int MaxReferences = 100;
    public const int MaxStatusLength = 64;
    public const int MaxAttachments = 50;
    public const int MaxFileNameLength = 256;
    public const int MaxContentTypeLength = 256;

    /// <summary>
    /// All strings of one message together as stored (JSON-escaped: a quote counts 2, a control character 6;
    /// attachments aside, they go to blobs), so its timeline event fits one table entity of 1 MiB in UTF-16.
    /// </summary>
    public const int MaxTotalTextLength = 450_000;
}
