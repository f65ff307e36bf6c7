using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Outbound;

public sealed class OutboundOptions
{
    public const string SectionName = "Channels:Outbound";

    /// <summary>Which SMS sender to use when both are configured: <c>acs</c> or <c>twilio</c> (empty: the first configured, ACS before Twilio).</summary>
    public string SmsProvider { get; set; } = "";
}

/// <summary>
/// The outbound queue worker's use case: one message to its channel's sender, the outcome on the
/// timeline. Exactly once in effect: the outcome is written to the ledger under the message's id
/// before the queue message is deleted, and a redelivered message whose outcome is already there is
/// not sent again (its timeline and indexes are brought up to date, which is idempotent).
/// With no credentials for the channel, the message goes to the local outbox instead.
/// </summary>
public sealed class DeliverOutboundMessage(
    IOutboundMessageReader reader,
    IEnumerable<IChannelSender> senders,
    IOutboundLedger ledger,
    IOutbox outbox,
    ITimelineStore timeline,
    ITimelineEventStore events,
    IConversationStore conversations,
    OmniSupport.Core.Analytics.RecordOutboundStep journeySteps,
    IOptions<OutboundOptions> options,
    TimeProvider clock,
    ILogger<DeliverOutboundMessage> log)
{
    public const string OutboxProvider = "outbox";

    public async Task HandleAsync(string queueMessageText, CancellationToken ct)
    {
        var item = await reader.ReadAsync(queueMessageText, ct);
        if (item is null)
        {
            log.LogInformation("Outbound queue message's claim-checked payload is gone: it was delivered before; not sent again");
            return;
        }

        ActivityContext.TryParse(item.TraceParent, null, out var parent);
        using var activity = Telemetry.Source.StartActivity("deliver outbound message", ActivityKind.Consumer, parent);
        activity?.SetTag("omnisupport.outbound_id", item.Message.Id);
        activity?.SetTag("omnisupport.channel", item.Message.Channel);
        await DeliverAsync(item.Message, activity, ct);
        await reader.ProcessedAsync(queueMessageText, ct);
    }

    public async Task DeliverAsync(OutboundMessage message, Activity? activity, CancellationToken ct)
    {
        var record = await ledger.GetAsync(message.Id, ct);
        if (record is not null)
        {
            log.LogInformation("Outbound {OutboundId} already {Status} by {Provider}; not sent again", message.Id, record.Status, record.Provider);
            activity?.SetTag("omnisupport.outcome", "duplicate");
        }
        else
        {
            var result = await SendAsync(message, ct);
            record = new OutboundRecord
            {
                OutboundId = message.Id,
                Channel = message.Channel,
                CustomerId = message.CustomerId ?? "",
                ConversationId = message.ConversationId,
                EventId = SendReply.EventIdFor(message.Id),
                EventOccurredAt = message.CreatedAt,
                Status = result.Succeeded ? OutboundStatus.Sent : OutboundStatus.Failed,
                Provider = result.Provider,
                ProviderMessageId = result.ProviderMessageId,
                FailureReason = result.FailureReason,
                At = clock.GetUtcNow(),
            };

            // The outcome is durable before anything else: from here on a redelivery does not send.
            await ledger.SaveAsync(record, ct);
            activity?.SetTag("omnisupport.outcome", record.Status);
            if (result.Succeeded)
            {
                log.LogInformation("Outbound {OutboundId} sent on {Channel} by {Provider} as {ProviderMessageId}",
                    message.Id, message.Channel, result.Provider, result.ProviderMessageId);
            }
            else
            {
                log.LogWarning("Outbound {OutboundId} on {Channel} refused by {Provider} ({StatusCode})",
                    message.Id, message.Channel, result.Provider, result.ProviderStatusCode);
            }
        }

        if (record.ProviderMessageId is not null)
        {
            // A delivery report finds the message by the provider's id; nothing reports on the local outbox.
            if (record.Provider != OutboxProvider)
            {
                await ledger.IndexProviderMessageIdAsync(record.ProviderMessageId, message.Id, ct);
            }

            if (message.ConversationId is not null && message.Channel == OutboundChannels.Email)
            {
                // An email answering ours names this id in In-Reply-To: it threads back here. No other channel names it.
                await conversations.IndexMessageIdAsync(record.ProviderMessageId, message.ConversationId, ct);
            }
        }

        if (message.CustomerId is not null)
        {
            var step = await journeySteps.RecordAsync(message, record.Status == OutboundStatus.Failed, ct);
            await RecordOnTimelineAsync(message, record, step, ct);
        }
    }

    private async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var sender = PickSender(message.Channel);
        if (sender is not null)
        {
            return await sender.SendAsync(message, ct);
        }

        var writtenAt = clock.GetUtcNow();
        await outbox.WriteAsync(new OutboxEntry
        {
            OutboundId = message.Id,
            Channel = message.Channel,
            To = message.To,
            CustomerId = message.CustomerId,
            ConversationId = message.ConversationId,
            Subject = message.Subject,
            Text = message.Text,
            Actor = message.Actor,
            Kind = message.Kind,
            InReplyTo = message.InReplyTo,
            Metadata = message.Metadata,
            CreatedAt = message.CreatedAt,
            WrittenAt = writtenAt,
        }, ct);
        log.LogInformation("Outbound {OutboundId} on {Channel} written to the local outbox (no credentials configured)", message.Id, message.Channel);
        return SendResult.Sent(OutboxProvider, "outbox:" + message.Id);
    }

    private IChannelSender? PickSender(string channel)
    {
        var candidates = senders.Where(s => s.IsConfigured && s.Channels.Contains(channel)).ToList();
        if (channel == OutboundChannels.Sms && !string.IsNullOrWhiteSpace(options.Value.SmsProvider))
        {
            return candidates.FirstOrDefault(s => string.Equals(s.Provider, options.Value.SmsProvider.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? candidates.FirstOrDefault();
        }

        return candidates.FirstOrDefault();
    }

    /// <summary>Moves the outbound event to the send's outcome (creating it if the pending append was lost).</summary>
    private Task RecordOnTimelineAsync(OutboundMessage message, OutboundRecord record, OmniSupport.Core.Analytics.JourneyStep? step, CancellationToken ct) =>
        Retry.OnConflictAsync(async () =>
        {
            var current = await events.GetAsync(record.CustomerId, record.EventOccurredAt, record.EventId, ct);
            if (current is null)
            {
                await timeline.AppendAsync(SendReply.PendingEvent(message), ct);
                current = await events.GetAsync(record.CustomerId, record.EventOccurredAt, record.EventId, ct)
                    ?? throw new ConcurrencyConflictException($"Timeline event {record.EventId} is not readable yet.");
            }

            current.Metadata.TryGetValue(OutboundMetadata.Status, out var status);
            var advances = OutboundStatus.Advances(status, record.Status);
            if (!advances && current.ProviderMessageId is not null && (step is null || step.IsOn(current.Metadata)))
            {
                return; // already recorded (a redelivery), or a delivery report got there first
            }

            var metadata = new Dictionary<string, string>(current.Metadata);
            if (advances)
            {
                metadata[OutboundMetadata.Status] = record.Status;
                metadata[OutboundMetadata.StatusAt] = record.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                metadata[OutboundMetadata.StatusHistory] = AppendHistory(current.Metadata, record.Status, record.At);
            }

            if (record.FailureReason is not null)
            {
                metadata[OutboundMetadata.FailureReason] = record.FailureReason;
            }

            step?.WriteTo(metadata);

            await events.ReplaceAsync(current.Updated(metadata, record.Provider, record.ProviderMessageId), ct);
        });

    /// <summary>The status history kept on the event: <c>status@time</c> entries separated by spaces, oldest first.</summary>
    public static string AppendHistory(IReadOnlyDictionary<string, string> metadata, string status, DateTimeOffset at)
    {
        var entry = status + "@" + at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return metadata.TryGetValue(OutboundMetadata.StatusHistory, out var history) && !string.IsNullOrEmpty(history)
            ? history + " " + entry
            : entry;
    }
}
