using System.Globalization;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Core.Outbound;

/// <summary>
/// A provider reports what became of a message we sent (delivered, read, bounced…): the report is
/// matched to the outbound message through the provider's message id (or our id, when the provider
/// echoes it back), and the message's timeline event moves to the new status in place. A report of
/// an earlier state arriving late (sent after delivered) does not move it back; a report about a
/// message the hub did not send is logged and dropped.
/// </summary>
public sealed class RecordDeliveryStatus(
    IOutboundLedger ledger,
    ITimelineEventStore events,
    ILogger<RecordDeliveryStatus> log) : IInboundItemHandler
{
    public bool Handles(string kind) => kind == InboundKinds.DeliveryStatus;

    public async Task HandleAsync(InboundMessage message, CancellationToken ct)
    {
        var status = OutboundStatus.Normalize(message.Status);
        if (status is null)
        {
            log.LogInformation("Delivery report {ProviderMessageId} with status {Status} is not one we track; skipped", message.ProviderMessageId, message.Status);
            return;
        }

        var record = await FindAsync(message, ct);
        if (record is null)
        {
            log.LogWarning("Delivery report {ProviderMessageId} from {Source} names no message the hub sent; skipped", message.ProviderMessageId, message.Source);
            return;
        }

        await Retry.OnConflictAsync(async () =>
        {
            var current = await events.GetAsync(record.CustomerId, record.EventOccurredAt, record.EventId, ct);
            if (current is null)
            {
                throw new ConcurrencyConflictException($"Timeline event {record.EventId} of outbound {record.OutboundId} is not written yet.");
            }

            current.Metadata.TryGetValue(OutboundMetadata.Status, out var currentStatus);
            if (!OutboundStatus.Advances(currentStatus, status))
            {
                return;
            }

            var at = message.SentAt.ToString("O", CultureInfo.InvariantCulture);
            var metadata = new Dictionary<string, string>(current.Metadata)
            {
                [OutboundMetadata.Status] = status,
                [OutboundMetadata.StatusAt] = at,
                [OutboundMetadata.ProviderStatus] = message.Status!.Trim(),
                [OutboundMetadata.StatusHistory] = DeliverOutboundMessage.AppendHistory(current.Metadata, status, message.SentAt),
            };
            if (status == OutboundStatus.Failed && Reason(message) is { } reason)
            {
                metadata[OutboundMetadata.FailureReason] = reason;
            }

            await events.ReplaceAsync(current.Updated(metadata), ct);
        });

        log.LogInformation("Outbound {OutboundId} is now {Status} ({Source} report {ProviderMessageId})",
            record.OutboundId, status, message.Source, message.ProviderMessageId);
    }

    private async Task<OutboundRecord?> FindAsync(InboundMessage message, CancellationToken ct)
    {
        if (message.Metadata.TryGetValue(OutboundMetadata.EchoedOutboundId, out var echoed)
            || message.Metadata.TryGetValue(OutboundMetadata.OutboundId, out echoed))
        {
            if (await ledger.GetAsync(echoed, ct) is { } byEcho)
            {
                return byEcho;
            }
        }

        var related = message.RelatedProviderMessageId;
        if (string.IsNullOrWhiteSpace(related))
        {
            return null;
        }

        var outboundId = await ledger.FindByProviderMessageIdAsync(related, ct);

        // SendGrid's events name the message as "{X-Message-Id}.filter…"; the send answered the part before the dot.
        var dot = related.IndexOf('.', StringComparison.Ordinal);
        if (outboundId is null && dot > 0)
        {
            outboundId = await ledger.FindByProviderMessageIdAsync(related[..dot], ct);
        }

        return outboundId is null ? null : await ledger.GetAsync(outboundId, ct);
    }

    private static string? Reason(InboundMessage message)
    {
        foreach (var key in new[] { "reason", "error", "errorMessage", "response" })
        {
            if (message.Metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Length > 500 ? value[..500] : value;
            }
        }

        return message.Text;
    }
}
