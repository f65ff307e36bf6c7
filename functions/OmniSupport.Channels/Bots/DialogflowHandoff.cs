using System.Text.Json;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Conversations;

namespace OmniSupport.Channels.Bots;

/// <summary>
/// A Dialogflow CX <c>WebhookRequest</c> (https://cloud.google.com/dialogflow/cx/docs/reference/rest/v3/WebhookRequest):
/// <c>sessionInfo.session</c> and <c>.parameters</c>, <c>intentInfo.displayName</c>/<c>.confidence</c>/<c>.parameters</c>,
/// <c>fulfillmentInfo.tag</c>, <c>pageInfo.displayName</c>, <c>text</c>/<c>transcript</c> (the customer's last words) and
/// <c>messages[].text.text</c> (what the bot said). Steps attempted: the current page, the fulfillment tag and a
/// <c>steps_attempted</c> session parameter (list or comma-separated) if the flow keeps one.
/// </summary>
public static class DialogflowHandoff
{
    public static HandoffRead Read(JsonElement root, string bodyHash)
    {
        var session = root.Prop("sessionInfo").Prop("session").Str();
        if (string.IsNullOrWhiteSpace(session))
        {
            return HandoffRead.Fail("A Dialogflow CX webhook request needs 'sessionInfo.session'.");
        }

        var sessionId = session.Contains("/sessions/", StringComparison.Ordinal) ? session[(session.LastIndexOf('/') + 1)..] : session;
        var slots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Properties(root.Prop("intentInfo").Prop("parameters")))
        {
            if ((p.Value.Prop("resolvedValue") ?? p.Value.Prop("originalValue"))?.AsText() is { } value)
            {
                slots[p.Name] = value;
            }
        }

        foreach (var p in Properties(root.Prop("sessionInfo").Prop("parameters")))
        {
            if (p.Value.AsText() is { } value)
            {
                slots[p.Name] = value;
            }
        }

        var steps = new List<string>();
        Add(steps, root.Prop("pageInfo").Prop("displayName").Str(), "page: ");
        Add(steps, root.Prop("fulfillmentInfo").Prop("tag").Str(), "fulfillment: ");
        var recorded = root.Prop("sessionInfo").Prop("parameters").Prop("steps_attempted");
        steps.AddRange(recorded?.ValueKind == JsonValueKind.Array
            ? recorded.Items().Select(s => s.AsText()).OfType<string>()
            : (recorded.Str() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        slots.Remove("steps_attempted");

        var said = root.Prop("text").Str() ?? root.Prop("transcript").Str();
        var transcript = new List<string>();
        Add(transcript, said, "customer: ");
        foreach (var line in root.Prop("messages").Items().SelectMany(m => m.Prop("text").Prop("text").Items()))
        {
            Add(transcript, line.AsText(), "bot: ");
        }

        var context = new HandoffContext
        {
            Platform = "dialogflow",
            SessionId = sessionId,
            Intent = root.Prop("intentInfo").Prop("displayName").Str(),
            Confidence = root.Prop("intentInfo").Prop("confidence").Number(),
            Slots = slots,
            StepsAttempted = steps,
            Transcript = transcript,
            TranscriptReference = session,
        };
        var turn = root.Prop("detectIntentResponseId").Str() ?? bodyHash;
        return new HandoffRead(context, turn, BotIdentity.From(slots), BotIdentity.Find(slots, BotIdentity.Name),
            BotIdentity.Find(slots, ["channel"]), said, null);
    }

    private static IEnumerable<JsonProperty> Properties(JsonElement? element) =>
        element?.ValueKind == JsonValueKind.Object ? element.Value.EnumerateObject() : [];

    private static void Add(List<string> list, string? value, string prefix)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            list.Add(prefix + value);
        }
    }
}
