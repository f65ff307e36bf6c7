using System.Text.Json;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Conversations;

namespace OmniSupport.Channels.Bots;

/// <summary>
/// An Amazon Lex V2 Lambda input event (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html), as the
/// bot's code hook forwards it: <c>sessionId</c>, <c>inputTranscript</c>, <c>inputMode</c>, <c>interpretations[].intent.name</c>
/// with <c>.nluConfidence</c>, <c>sessionState.intent.name</c> and <c>.slots</c> (each <c>value.interpretedValue</c>, or
/// <c>values[]</c> for list slots) and <c>sessionState.sessionAttributes</c>. Steps attempted are read from the session
/// attribute <c>stepsAttempted</c> (comma-separated), the transcript link from <c>transcriptUrl</c>.
/// </summary>
public static class LexHandoff
{
    public static HandoffRead Read(JsonElement root, string bodyHash)
    {
        var sessionId = root.Prop("sessionId").Str();
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            return HandoffRead.Fail("A Lex V2 event needs 'sessionId'.");
        }

        var state = root.Prop("sessionState");
        var intent = state.Prop("intent").Prop("name").Str();
        var slots = new Dictionary<string, string>(StringComparer.Ordinal);
        if (state.Prop("intent").Prop("slots") is { ValueKind: JsonValueKind.Object } slotObject)
        {
            foreach (var slot in slotObject.EnumerateObject())
            {
                if (SlotValue(slot.Value) is { } value)
                {
                    slots[slot.Name] = value;
                }
            }
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { root.Prop("requestAttributes"), state.Prop("sessionAttributes") })
        {
            if (source is { ValueKind: JsonValueKind.Object } obj)
            {
                foreach (var a in obj.EnumerateObject())
                {
                    if (a.Value.AsText() is { } value)
                    {
                        attributes[a.Name] = value;
                    }
                }
            }
        }

        var known = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        foreach (var (name, value) in slots)
        {
            known[name] = value;
        }

        var confidence = root.Prop("interpretations").Items()
            .Where(i => i.Prop("intent").Prop("name").Str() == intent)
            .Select(i => i.Prop("nluConfidence").Number())
            .FirstOrDefault(c => c is not null);
        var said = root.Prop("inputTranscript").Str();
        var mode = root.Prop("inputMode").Str();
        var context = new HandoffContext
        {
            Platform = "lex",
            SessionId = sessionId,
            Intent = intent,
            Confidence = confidence,
            Slots = slots,
            StepsAttempted = (attributes.GetValueOrDefault("stepsAttempted") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Transcript = string.IsNullOrWhiteSpace(said) ? [] : ["customer: " + said],
            TranscriptReference = attributes.GetValueOrDefault("transcriptUrl"),
        };
        var turn = state.Prop("originatingRequestId").Str() ?? bodyHash;
        return new HandoffRead(context, turn, BotIdentity.From(known), BotIdentity.Find(known, BotIdentity.Name),
            mode is "Speech" or "DTMF" ? "voice" : "chat", said, null);
    }

    /// <summary><c>{"value":{"interpretedValue":"…"}}</c>, or <c>{"values":[…]}</c> for a list slot; an unfilled slot is null.</summary>
    private static string? SlotValue(JsonElement slot)
    {
        if (slot.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var single = slot.Prop("value").Prop("interpretedValue").Str() ?? slot.Prop("value").Prop("originalValue").Str();
        if (single is not null)
        {
            return single;
        }

        var many = slot.Prop("values").Items().Select(SlotValue).OfType<string>().ToList();
        return many.Count > 0 ? string.Join(", ", many) : null;
    }
}
