using OmniSupport.Core.Common;

namespace OmniSupport.Core.Ingest;

/// <summary>
/// Checks what an adapter parsed against <see cref="InboundLimits"/> and the shape rules every stored
/// key relies on: ids and names without control or invisible format characters, not blank; a channel
/// and source in their canonical lower-case form. Returns the first problem, naming the field, or null.
/// </summary>
public static class InboundMessageRules
{
    public static string? Check(IReadOnlyList<InboundMessage> messages)
    {
        if (messages.Count > InboundLimits.MaxMessagesPerRequest)
        {
            return $"The request carries {messages.Count} items; the limit is {InboundLimits.MaxMessagesPerRequest}.";
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (Check(messages[i]) is { } problem)
            {
                return messages.Count == 1 ? problem : $"Item {i}: {problem}";
            }
        }

        return null;
    }

    public static string? Check(InboundMessage m)
    {
        var total = 0;
        return Name("source", m.Source, InboundLimits.MaxSourceLength, allowColon: true)
            ?? Id("messageId", m.ProviderMessageId, required: true)
            ?? Name("kind", m.Kind, InboundLimits.MaxKindLength, allowColon: false)
            ?? Name("channel", m.Channel, InboundLimits.MaxChannelLength, allowColon: false)
            ?? Identities(m.From)
            ?? Text("from.name", m.DisplayName, InboundLimits.MaxDisplayNameLength, ref total)
            ?? Text("subject", m.Subject, InboundLimits.MaxSubjectLength, ref total)
            ?? Text("text", m.Text, InboundLimits.MaxTextLength, ref total)
            ?? Metadata(m.Metadata, ref total)
            ?? References(m.InReplyTo)
            ?? Id("conversationId", m.ConversationHint, required: false)
            ?? Id("relatedMessageId", m.RelatedProviderMessageId, required: false)
            ?? Text("status", m.Status, InboundLimits.MaxStatusLength, ref total)
            ?? Attachments(m.Attachments)
            ?? Handoff(m, ref total)
            ?? (total > InboundLimits.MaxTotalTextLength
                ? $"The message's text fields take {total} characters together as stored; the limit is {InboundLimits.MaxTotalTextLength}."
                : null);
    }

    private static string? Identities(IReadOnlyList<SenderIdentity> from)
    {
        if (from.Count > InboundLimits.MaxIdentities)
        {
            return $"'from' carries {from.Count} identities; the limit is {InboundLimits.MaxIdentities}.";
        }

        foreach (var identity in from)
        {
            if (Name("from kind", identity.Kind.Trim().ToLowerInvariant(), InboundLimits.MaxIdentityKindLength, allowColon: false) is { } kindProblem)
            {
                return kindProblem;
            }

            if (identity.Value.Length > InboundLimits.MaxIdentityValueLength)
            {
                return $"'from.{identity.Kind}' is {identity.Value.Length} characters; the limit is {InboundLimits.MaxIdentityValueLength}.";
            }

            if (TextRules.HasControlOrInvisible(identity.Value))
            {
                return $"'from.{identity.Kind}' holds a control or invisible format character.";
            }
        }

        return null;
    }

    private static string? Metadata(IReadOnlyDictionary<string, string> metadata, ref int total)
    {
        if (metadata.Count > InboundLimits.MaxMetadataEntries)
        {
            return $"'metadata' has {metadata.Count} entries; the limit is {InboundLimits.MaxMetadataEntries}.";
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > InboundLimits.MaxMetadataKeyLength || TextRules.HasControlOrInvisible(key))
            {
                return $"A 'metadata' key is empty, longer than {InboundLimits.MaxMetadataKeyLength} characters or holds a control character.";
            }

            if (Text($"metadata.{key}", value, InboundLimits.MaxMetadataValueLength, ref total) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? References(IReadOnlyList<string> ids)
    {
        if (ids.Count > InboundLimits.MaxReferences)
        {
            return $"'inReplyTo' has {ids.Count} ids; the limit is {InboundLimits.MaxReferences}.";
        }

        return ids.Select(id => Id("inReplyTo", id, required: true)).FirstOrDefault(p => p is not null);
    }

    private static string? Attachments(IReadOnlyList<InboundAttachment> attachments)
    {
        if (attachments.Count > InboundLimits.MaxAttachments)
        {
            return $"The message has {attachments.Count} attachments; the limit is {InboundLimits.MaxAttachments}.";
        }

        foreach (var a in attachments)
        {
            if (a.FileName.Length > InboundLimits.MaxFileNameLength || TextRules.HasControlOrInvisible(a.FileName))
            {
                return $"An attachment's file name is longer than {InboundLimits.MaxFileNameLength} characters or holds a control character.";
            }

            if (a.ContentType.Length > InboundLimits.MaxContentTypeLength || TextRules.HasControlOrInvisible(a.ContentType))
            {
                return $"An attachment's content type is longer than {InboundLimits.MaxContentTypeLength} characters or holds a control character.";
            }
        }

        return null;
    }

    private static string? Handoff(InboundMessage m, ref int total)
    {
        if (m.Handoff is not { } h)
        {
            return null;
        }

        var problem = Name("handoff.platform", h.Platform, InboundLimits.MaxSourceLength, allowColon: false)
            ?? Text("handoff.sessionId", h.SessionId, InboundLimits.MaxIdLength, ref total)
            ?? Text("handoff.intent", h.Intent, InboundLimits.MaxDisplayNameLength, ref total)
            ?? Text("handoff.transcriptReference", h.TranscriptReference, InboundLimits.MaxMetadataValueLength, ref total);
        if (problem is not null)
        {
            return problem;
        }

        if (h.Slots.Count > InboundLimits.MaxMetadataEntries || h.StepsAttempted.Count > InboundLimits.MaxMetadataEntries || h.Transcript.Count > 1000)
        {
            return $"'handoff' has more than {InboundLimits.MaxMetadataEntries} slots or steps, or more than 1000 transcript lines.";
        }

        foreach (var (key, value) in h.Slots)
        {
            if ((Text("handoff.slots", key, InboundLimits.MaxMetadataKeyLength, ref total) ?? Text($"handoff.slots.{key}", value, InboundLimits.MaxMetadataValueLength, ref total)) is { } p)
            {
                return p;
            }
        }

        foreach (var line in h.StepsAttempted.Concat(h.Transcript))
        {
            if (Text("handoff.transcript", line, InboundLimits.MaxMetadataValueLength, ref total) is { } p)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>An id: no control or format characters, not blank, at most <see cref="InboundLimits.MaxIdLength"/>.</summary>
    private static string? Id(string field, string? value, bool required)
    {
        if (value is null)
        {
            return required ? $"'{field}' is required." : null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return $"'{field}' is blank.";
        }

        if (value.Length > InboundLimits.MaxIdLength)
        {
            return $"'{field}' is {value.Length} characters; the limit is {InboundLimits.MaxIdLength}.";
        }

        return TextRules.HasControlOrInvisible(value) ? $"'{field}' holds a control or invisible format character." : null;
    }

    /// <summary>A name the hub keys on: lower-case ASCII letters, digits, '-', '_', '.' (and ':' for sources).</summary>
    private static string? Name(string field, string? value, int max, bool allowColon)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"'{field}' is required.";
        }

        if (value.Length > max)
        {
            return $"'{field}' is {value.Length} characters; the limit is {max}.";
        }

        var ok = char.IsAsciiLetterOrDigit(value[0]) && value.All(c =>
            char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' || (allowColon && c == ':'));
        return ok ? null : $"'{field}' must be lower-case letters, digits, '-', '_' or '.' (got {Describe(value)}).";
    }

    private static string? Text(string field, string? value, int max, ref int total)
    {
        if (value is null)
        {
            return null;
        }

        total += StoredLength(value);
        if (value.Length > max)
        {
            return $"'{field}' is {value.Length} characters; the limit is {max}.";
        }

        return value.Contains('\0', StringComparison.Ordinal) ? $"'{field}' holds a NUL character." : null;
    }

    /// <summary>The characters the value takes in stored JSON (the stores keep non-ASCII text as it is).</summary>
    private static int StoredLength(string value)
    {
        var length = 0;
        foreach (var c in value)
        {
            length += c < ' ' ? 6 : c is '"' or '\\' ? 2 : 1;
        }

        return length;
    }

    /// <summary>A short, log- and problem-safe rendering of a refused value (never the value itself when long).</summary>
    private static string Describe(string value) =>
        value.Length <= 32 && !TextRules.HasControlOrInvisible(value) ? $"'{value}'" : $"{value.Length} characters";
}
