using System.Globalization;
using System.Net.Http.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Outbound;
using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations.Activities;

/// <summary>
/// Tells supervisors a conversation breached its SLA: email and SMS through the outbound queue, and a
/// post to a Teams- or Slack-compatible incoming webhook. Both accept a JSON body with a <c>text</c>
/// field (Slack: api.slack.com/messaging/webhooks; Teams connectors: the MessageCard <c>text</c>).
/// </summary>
public sealed class NotifySupervisor(
    IOutboundQueue outbound,
    IHttpClientFactory http,
    SlaStepLog stepLog,
    IOptions<SlaOptions> options,
    TimeProvider clock,
    ConversationGuard guard) : TaskActivity<SlaStepInput, string>
{
    public const string HttpClientName = "sla-supervisor-webhook";

    public override Task<string> RunAsync(TaskActivityContext context, SlaStepInput input) => RunAsync(input, CancellationToken.None);

    public async Task<string> RunAsync(SlaStepInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await guard.StepRefusalAsync(input, ct) is { } refusal)
        {
            return refusal; // nothing recorded: the resolve wrote the conversation's final status
        }
        var state = input.State;
        var wait = input.At - (state.WaitingSince ?? input.DueAt);
        var link = Link(state.ConversationId);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"SLA breach ({state.Policy?.Name ?? "no policy"}, {state.Target}): conversation {state.ConversationId} of customer {state.CustomerId}" +
            $"{(state.Tier is null ? "" : $" ({state.Tier})")} on {state.Channel ?? "?"} has waited {Describe(wait)}; it was due {input.DueAt:u}" +
            $"{(state.Queue is null ? "" : $", queue {state.Queue}")}. {link}");
        var subject = $"SLA breach: conversation {state.ConversationId} waiting {Describe(wait)}";
        var sent = new List<string>();
        var i = 0;
        foreach (var (channel, to) in input.Step.Email.Select(e => ("email", e)).Concat(input.Step.Sms.Select(s => ("sms", s))))
        {
            await outbound.EnqueueAsync(new OutboundMessage
            {
                Id = StableId.From("out", "sla-alert", state.ConversationId, Stamp(state), input.StepIndex.ToString(CultureInfo.InvariantCulture), (i++).ToString(CultureInfo.InvariantCulture)),
                Kind = OutboundKinds.SupervisorAlert,
                Channel = channel,
                To = to,
                ConversationId = state.ConversationId,
                Subject = subject,
                Text = text,
                Actor = "sla",
                Metadata = new Dictionary<string, string> { ["customerId"] = state.CustomerId, ["link"] = link },
                CreatedAt = clock.GetUtcNow(),
            }, ct);
            sent.Add(channel);
        }

        if (WebhookUrl(input.Step) is { } url)
        {
            using var response = await http.CreateClient(HttpClientName).PostAsJsonAsync(url, new { text }, ct);
            response.EnsureSuccessStatusCode();
            sent.Add("webhook");
        }

        var outcome = sent.Count == 0 ? "skipped: no supervisor address" : "notified: " + string.Join(", ", sent.Distinct());
        await stepLog.RecordAsync(input, outcome, ct);
        return outcome;
    }

    private string? WebhookUrl(EscalationStep step) =>
        step.Webhook == SupervisorWebhook.FromSettings
            ? string.IsNullOrWhiteSpace(options.Value.SupervisorWebhookUrl) ? null : options.Value.SupervisorWebhookUrl
            : step.Webhook;

    private string Link(string conversationId)
    {
        var root = (options.Value.ConversationLinkBase ?? "").TrimEnd('/');
        return $"{root}/api/conversations/{Uri.EscapeDataString(conversationId)}/sla";
    }

    internal static string Stamp(SlaState state) =>
        (state.WaitingSince ?? DateTimeOffset.MinValue).UtcTicks.ToString(CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan wait) =>
        wait.TotalHours >= 1 ? $"{(int)wait.TotalHours} h {wait.Minutes} min"
        : wait.TotalMinutes >= 1 ? $"{(int)wait.TotalMinutes} min"
        : $"{Math.Max(0, (int)wait.TotalSeconds)} s";
}
