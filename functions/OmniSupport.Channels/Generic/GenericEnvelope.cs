using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniSupport.Channels.Generic;

/// <summary>The documented JSON any system can post to <c>/api/webhooks/generic/{source}</c>.</summary>
public sealed class GenericEnvelope
{
    public string? Channel { get; set; }
    public string? MessageId { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public GenericSender? From { get; set; }
    public string? Text { get; set; }
    public string? Subject { get; set; }
    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>Message ids this one answers (email threading).</summary>
    public List<string>? InReplyTo { get; set; }

    /// <summary>A conversation id the sender already knows (a reply-to token).</summary>
    public string? ConversationId { get; set; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}

public sealed class GenericSender
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Account { get; set; }

    /// <summary>Channel handles by kind, e.g. <c>{ "x": "1234567" }</c>.</summary>
    public Dictionary<string, string>? Handles { get; set; }
}
