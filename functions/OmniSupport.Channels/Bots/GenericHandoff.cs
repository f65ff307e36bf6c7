using System.Text.Json;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Conversations;

namespace OmniSupport.Channels.Bots;

/// <summary>
/// The hub's own handoff JSON for any other bot (<c>POST /api/webhooks/bots/generic</c>):
/// <code>
/// { "sessionId": "s-1", "turn": 4, "channel": "chat",
///   "customer": { "email": "…", "phone": "…", "account": "…", "name": "…" },
///   "intent": "refund", "confidence": 0.42, "slots": { "order": "1234" },
///   "stepsAttempted": ["order lookup"], "transcript": ["customer: …", "bot: …"],
///   "transcriptUrl": "https://…", "text": "I want a human" }
/// </code>
/// <c>sessionId</c> and a customer identity are required; <c>turn</c> (else a hash of the body) makes a retry harmless.
/// </summary>
public static class GenericHandoff
{
    public static HandoffRead Read(JsonElement root, string bodyHash)
    {
        var sessionId = root.Prop("sessionId").Str();
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            return HandoffRead.Fail("'sessionId' is required.");
        }

        var slots = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Prop("slots") is { ValueKind: JsonValueKind.Object } slotObject)
        {
            foreach (var slot in slotObject.EnumerateObject())
            {
                if (slot.Value.AsText() is { } value)
                {
                    slots[slot.Name] = value;
                }
            }
        }

        var customer = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Prop("customer") is { ValueKind: JsonValueKind.Object } customerObject)
        {
            foreach (var field in customerObject.EnumerateObject())
            {
                if (field.Value.AsText() is { } value)
                {
                    customer[field.Name] = value;
                }
            }
        }

        var known = new Dictionary<string, string>(slots, StringComparer.Ordinal);
        foreach (var (name, value) in customer)
        {
            known[name] = value;
        }

        var context = new HandoffContext
        {
            Platform = "generic",
            SessionId = sessionId,
            Intent = root.Prop("intent").Str(),
            Confidence = root.Prop("confidence").Number(),
            Slots = slots,
            StepsAttempted = root.Prop("stepsAttempted").Items().Select(s => s.AsText()).OfType<string>().ToList(),
            Transcript = root.Prop("transcript").Items().Select(s => s.AsText()).OfType<string>().ToList(),
            TranscriptReference = root.Prop("transcriptUrl").Str(),
        };
        return new HandoffRead(context, root.Prop("turn").Str() ?? bodyHash, BotIdentity.From(known), BotIdentity.Find(known, BotIdentity.Name),
            root.Prop("channel").Str()?.ToLowerInvariant(), root.Prop("text").Str(), null);
    }
}
