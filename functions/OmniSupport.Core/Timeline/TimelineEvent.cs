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
}

public sealed record AttachmentReference(string FileName, string ContentType, long Length, string BlobName);

public sealed record TimelinePage(IReadOnlyList<TimelineEvent> Events, string? ContinuationToken);
