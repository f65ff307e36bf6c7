using System.Globalization;
using System.Net;
using System.Text;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Routing;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Handoffs;

public sealed record CardMessage(DateTimeOffset At, string Channel, string Direction, string? Text);

/// <summary>What an agent sees before accepting a conversation: who, what, what the bot already did.</summary>
public sealed record HandoffCard(
    string ConversationId,
    string CustomerId,
    string? CustomerName,
    string? AccountId,
    string? Tier,
    string? IssueType,
    string? BotPlatform,
    double? Confidence,
    string? Queue,
    int Priority,
    string Status,
    IReadOnlyList<string> Channels,
    IReadOnlyDictionary<string, string> Collected,
    IReadOnlyList<string> StepsDone,
    IReadOnlyList<CardMessage> LastMessages);

public sealed class BuildHandoffCard(IConversationStore conversations, ICustomerStore customers, ReadTimeline timeline)
{
    public const int MessagesShown = 10;

    public async Task<HandoffCard> BuildAsync(string conversationId, CancellationToken ct)
    {
        var conversation = await conversations.GetAsync(conversationId, ct) ?? throw new NotFoundException($"Conversation {conversationId}");
        var customer = await customers.GetAsync(conversation.CustomerId, ct);
        var page = await timeline.ReadAsync(conversation.CustomerId, ReadTimeline.MaxPageSize, null, ct);
        var messages = page.Events
            .Where(e => e.ConversationId == conversation.Id && e.Direction is Direction.Inbound or Direction.Outbound)
            .Take(MessagesShown)
            .Reverse()
            .Select(e => new CardMessage(e.OccurredAt, e.Channel, e.Direction, e.Text))
            .ToList();
        var handoff = conversation.Handoff;
        var attributes = customer?.Attributes ?? new Dictionary<string, string>();
        return new HandoffCard(
            conversation.Id,
            conversation.CustomerId,
            customer?.DisplayName,
            customer?.AccountId ?? attributes.GetValueOrDefault(CustomerAttributeNames.CrmAccountId),
            attributes.GetValueOrDefault(CustomerAttributeNames.Tier),
            handoff?.Intent ?? conversation.Subject,
            handoff?.Platform,
            handoff?.Confidence,
            conversation.Queue,
            conversation.Priority,
            conversation.Status,
            conversation.Channels,
            handoff?.Slots ?? new Dictionary<string, string>(),
            handoff?.StepsAttempted ?? [],
            messages);
    }
}

/// <summary>The card as HTML (every value encoded) and as plain text.</summary>
public static class HandoffCardRenderer
{
    public static string Html(HandoffCard card)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "—");
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Handoff ").Append(E(card.ConversationId)).Append("</title></head><body>");
        sb.Append("<article class=\"handoff-card\"><h1>").Append(E(card.CustomerName)).Append("</h1><dl>");
        void Row(string name, string? value) => sb.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
        Row("Account", card.AccountId);
        Row("Tier", card.Tier);
        Row("Issue", card.IssueType);
        Row("Bot", card.BotPlatform is null ? null : card.BotPlatform + (card.Confidence is { } c ? $" ({c.ToString("0.00", CultureInfo.InvariantCulture)})" : ""));
        Row("Queue", card.Queue is null ? null : $"{card.Queue} (priority {card.Priority})");
        Row("Channels", string.Join(" → ", card.Channels));
        sb.Append("</dl><h2>Collected</h2><table>");
        foreach (var (k, v) in card.Collected)
        {
            sb.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(v)).Append("</td></tr>");
        }

        sb.Append("</table><h2>Already done</h2><ol>");
        foreach (var step in card.StepsDone)
        {
            sb.Append("<li>").Append(E(step)).Append("</li>");
        }

        sb.Append("</ol><h2>Last messages</h2><ul>");
        foreach (var m in card.LastMessages)
        {
            sb.Append("<li><time>").Append(E(m.At.ToString("u", CultureInfo.InvariantCulture))).Append("</time> [").Append(E(m.Channel)).Append(' ')
                .Append(E(m.Direction)).Append("] ").Append(E(m.Text)).Append("</li>");
        }

        sb.Append("</ul></article></body></html>");
        return sb.ToString();
    }

    public static string Text(HandoffCard card)
    {
        var sb = new StringBuilder();
        sb.Append("Customer: ").AppendLine(card.CustomerName ?? "-");
        sb.Append("Account: ").AppendLine(card.AccountId ?? "-");
        sb.Append("Tier: ").AppendLine(card.Tier ?? "-");
        sb.Append("Issue: ").AppendLine(card.IssueType ?? "-");
        sb.Append("Bot: ").AppendLine(card.BotPlatform ?? "-");
        sb.Append("Queue: ").AppendLine(card.Queue is null ? "-" : $"{card.Queue} (priority {card.Priority})");
        sb.Append("Channels: ").AppendLine(string.Join(" > ", card.Channels));
        sb.AppendLine("Collected:");
        foreach (var (k, v) in card.Collected)
        {
            sb.Append("  ").Append(k).Append(": ").AppendLine(v);
        }

        sb.AppendLine("Already done:");
        for (var i = 0; i < card.StepsDone.Count; i++)
        {
            sb.Append("  ").Append(i + 1).Append(". ").AppendLine(card.StepsDone[i]);
        }

        sb.AppendLine("Last messages:");
        foreach (var m in card.LastMessages)
        {
            sb.Append("  ").Append(m.At.ToString("u", CultureInfo.InvariantCulture)).Append(" [").Append(m.Channel).Append(' ').Append(m.Direction).Append("] ").AppendLine(m.Text);
        }

        return sb.ToString();
    }
}
