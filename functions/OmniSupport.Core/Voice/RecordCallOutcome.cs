using System.Globalization;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Voice;

/// <summary>How a call ended, as the voice provider reported it.</summary>
public sealed record CallOutcome(
    string Provider,
    string CallId,
    string Status,
    string Direction,
    int? DurationSeconds,
    DateTimeOffset At,
    string? CustomerId,
    string? ConversationId,
    string? TimelineEventId);

/// <summary>
/// Told about every call outcome. The seam for outbound call tasks (an escalation step "call the customer"):
/// the task store registers a sink here and closes the task whose call this was. Must be idempotent.
/// </summary>
public interface ICallOutcomeSink
{
    Task CallEndedAsync(CallOutcome outcome, CancellationToken ct);
}

/// <summary>
/// The handler for <see cref="InboundKinds.CallStatus"/> items: finds the customer by the far end's phone
/// (created on a first contact, like any inbound message), appends a <c>voice</c> event to their timeline
/// (in the open conversation, if any; a call outcome never opens one) and tells the <see cref="ICallOutcomeSink"/>s.
/// </summary>
public sealed class RecordCallOutcome(
    ResolveCustomer resolve,
    IConversationStore conversations,
    ITimelineStore timeline,
    IEnumerable<ICallOutcomeSink> sinks,
    ILogger<RecordCallOutcome> log) : IInboundItemHandler
{
    public bool Handles(string kind) => kind == InboundKinds.CallStatus;

    public async Task HandleAsync(InboundMessage message, CancellationToken ct)
    {
        var status = message.Status ?? message.Metadata.GetValueOrDefault("call_status") ?? "unknown";
        var direction = message.Metadata.GetValueOrDefault("direction") ?? "inbound";
        var outbound = direction.StartsWith("outbound", StringComparison.OrdinalIgnoreCase);
        int? duration = int.TryParse(message.Metadata.GetValueOrDefault("duration_seconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : null;
        var callId = message.RelatedProviderMessageId ?? message.ProviderMessageId;

        string? customerId = null, conversationId = null, eventId = null;
        if (message.From.Count > 0)
        {
            var customer = await resolve.ResolveAsync(message, ct);
            customerId = customer.Id;
            conversationId = await conversations.GetOpenIdAsync(customer.Id, ct);
            eventId = StableId.From("evt", message.Source, message.ProviderMessageId);
            await timeline.AppendAsync(new TimelineEvent
            {
                Id = eventId,
                CustomerId = customer.Id,
                ConversationId = conversationId,
                Channel = "voice",
                Direction = outbound ? Direction.Outbound : Direction.Inbound,
                Provider = message.Source,
                ProviderMessageId = message.ProviderMessageId,
                OccurredAt = message.SentAt,
                Text = Describe(outbound, status, duration),
                Metadata = new Dictionary<string, string>(message.Metadata) { ["kind"] = message.Kind, ["call_status"] = status },
            }, ct);
        }
        else
        {
            log.LogWarning("Call {CallId} ({Status}) names no customer phone; no timeline event", callId, status);
        }

        var outcome = new CallOutcome(message.Source, callId, status, direction, duration, message.SentAt, customerId, conversationId, eventId);
        foreach (var sink in sinks)
        {
            await sink.CallEndedAsync(outcome, ct);
        }

        log.LogInformation("Call {CallId} ended {Status} for customer {CustomerId}", callId, status, customerId);
    }

    /// <summary>The line an agent reads on the timeline, e.g. "Outbound call completed (2m 05s)".</summary>
    public static string Describe(bool outbound, string status, int? durationSeconds)
    {
        var what = (outbound ? "Outbound" : "Inbound") + " call " + status switch
        {
            "no-answer" => "not answered",
            "busy" => "got a busy line",
            "canceled" => "canceled",
            "failed" => "failed",
            _ => status,
        };
        return durationSeconds is > 0
            ? what + string.Create(CultureInfo.InvariantCulture, $" ({durationSeconds / 60}m {durationSeconds % 60:00}s)")
            : what;
    }
}
