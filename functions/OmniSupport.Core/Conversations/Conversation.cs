using System.Text.Json.Serialization;
namespace OmniSupport.Core.Conversations;

public static class ConversationStatus
{
    public const string Open = "open";
    public const string Pending = "pending";
    public const string Resolved = "resolved";
}

/// <summary>One customer issue, across every channel it touched.</summary>
public sealed class Conversation
{
    public required string Id { get; init; }
    public required string CustomerId { get; set; }
    public string Status { get; set; } = ConversationStatus.Open;
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>
    /// The channels in the order the customer first wrote on them (the journey), by the messages' own
    /// times: the ingest may process a later message before an earlier one.
    /// </summary>
    public List<string> Channels { get; set; } = [];

    /// <summary>When the customer first wrote on each channel; orders <see cref="Channels"/>.</summary>
    public Dictionary<string, DateTimeOffset> ChannelFirstUsedAt { get; set; } = new(StringComparer.Ordinal);

    public string? LastInboundChannel { get; set; }
    public DateTimeOffset? LastInboundAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>
    /// When an agent last answered (the reply path writes it before it tells the listeners): with
    /// <see cref="LastInboundAt"/> it says whether the customer is waiting, without asking the SLA engine.
    /// </summary>
    public DateTimeOffset? LastAgentReplyAt { get; set; }
    public string? Subject { get; set; }
    public string? Queue { get; set; }
    public int Priority { get; set; }
    public string? Assignee { get; set; }
    public string? SlaPolicy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public HandoffContext? Handoff { get; set; }
    public Disposition? Disposition { get; set; }

    /// <summary>Token in the conversation's reply-to address, so email replies thread back here.</summary>
    public string ReplyToken => Id;

    [JsonIgnore]
    public string? Version { get; set; }

    /// <summary>
    /// The conversation's live journey record as the store read it with this row (the two rows share a
    /// partition, so one request reads both), or null when it was not read with it. The journey use cases
    /// start from it and read again when their write finds it stale.
    /// </summary>
    [JsonIgnore]
    public Analytics.JourneyAsRead? JourneyAsRead { get; set; }

    /// <summary>Records an inbound touch on a channel; returns true when the conversation changed.</summary>
    public bool TouchInbound(string channel, DateTimeOffset at)
    {
        var changed = false;
        if (!Channels.Contains(channel))
        {
            Channels.Add(channel);
            ChannelFirstUsedAt[channel] = at;
            changed = true;
        }
        else if (ChannelFirstUsedAt.TryGetValue(channel, out var first) && at < first)
        {
            ChannelFirstUsedAt[channel] = at;
            changed = true;
        }

        if (changed)
        {
            // Channels recorded before their times were kept (older rows) stay where they are, ahead of the rest.
            var ordered = Channels.OrderBy(c => ChannelFirstUsedAt.TryGetValue(c, out var t) ? t : DateTimeOffset.MinValue).ToList();
            Channels.Clear();
            Channels.AddRange(ordered);
        }

        if (LastInboundAt is null || at > LastInboundAt)
        {
            LastInboundAt = at;
            LastInboundChannel = channel;
            changed = true;
        }

        if (at > LastActivityAt)
        {
            LastActivityAt = at;
            changed = true;
        }

        return changed;
    }
}
