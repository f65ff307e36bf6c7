namespace OmniSupport.Core.Timeline;

public static class Direction
{
    public const string Inbound = "inbound";
    public const string Outbound = "outbound";
    public const string Note = "note";
    public const string System = "system";
}

/// <summary>One thing that happened with a customer: a message either way, a note, or a system record such as a merge.</summary>
public sealed class TimelineEvent
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public string? ConversationId { get; init; }
    public required string Channel { get; init; }
    public required string Direction { get; init; }
    public string? Provider { get; init; }
    public string? ProviderMessageId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public string? Text { get; init; }
    public string? Subject { get; init; }
    public IReadOnlyList<AttachmentReference> Attachments { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Opaque concurrency token of the stored row (set by point reads, used by in-place updates).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Version { get; set; }

    /// <summary>
    /// The same event with new metadata and, when given, the provider and its message id (for
    /// in-place updates such as an outbound message going from pending to sent).
    /// </summary>
    public TimelineEvent Updated(IReadOnlyDictionary<string, string> metadata, string? provider = null, string? providerMessageId = null) => new()
    {
        Id = Id,
        CustomerId = CustomerId,
        ConversationId = ConversationId,
        Channel = Channel,
        Direction = Direction,
        Provider = provider ?? Provider,
        ProviderMessageId = providerMessageId ?? ProviderMessageId,
        OccurredAt = OccurredAt,
        Text = Text,
        Subject = Subject,
        Attachments = Attachments,
        Metadata = metadata,
        Version = Version,
    };
}

public sealed record AttachmentReference(string FileName, string ContentType, long Length, string BlobName);

public sealed record TimelinePage(IReadOnlyList<TimelineEvent> Events, string? ContinuationToken);
