using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Ingest;

/// <summary>What a customer sent, as the timeline keeps it: the one mapping of an inbound message onto its event.</summary>
internal static class ReceivedEvent
{
    public static TimelineEvent Of(InboundMessage message, string id, string customerId, string? conversationId,
        IReadOnlyDictionary<string, string> metadata, IReadOnlyList<AttachmentReference>? attachments = null) => new()
    {
        Id = id,
        CustomerId = customerId,
        ConversationId = conversationId,
        Channel = message.Channel,
        Direction = Direction.Inbound,
        Provider = message.Source,
        ProviderMessageId = message.ProviderMessageId,
        OccurredAt = message.SentAt,
        Text = message.Text,
        Subject = message.Subject,
        Attachments = attachments ?? [],
        Metadata = metadata,
    };
}
