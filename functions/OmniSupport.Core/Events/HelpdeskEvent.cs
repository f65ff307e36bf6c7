namespace OmniSupport.Core.Events;

public static class HelpdeskEventTypes
{
    public const string MessageReceived = "message.received";
    public const string SlaBreached = "sla.breached";
    public const string Escalated = "conversation.escalated";
    public const string HandedOff = "conversation.handed_off";
    public const string Resolved = "conversation.resolved";

    public static readonly IReadOnlyList<string> All = [MessageReceived, SlaBreached, Escalated, HandedOff, Resolved];
}

/// <summary>A conversation event as a helpdesk receives it.</summary>
public sealed class HelpdeskEvent
{
    /// <summary>Stable per occurrence: the same occurrence told twice yields the same deliveries.</summary>
    public required string Id { get; init; }
    public required string Type { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Who caused it (<c>api-key:desk</c>, <c>customer</c>, <c>sla</c>…), so a helpdesk can drop its own echoes.</summary>
    public required string Actor { get; init; }
    public string? ConversationId { get; init; }
    public string? CustomerId { get; init; }
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Where conversation events go out to subscribed helpdesks. The SLA orchestrations call
/// <see cref="PublishAsync"/> with <see cref="HelpdeskEventTypes.SlaBreached"/> and
/// <see cref="HelpdeskEventTypes.Escalated"/>; the hub's own sinks publish the others.
/// </summary>
public interface IHelpdeskEvents
{
    Task PublishAsync(HelpdeskEvent helpdeskEvent, CancellationToken ct);
}
