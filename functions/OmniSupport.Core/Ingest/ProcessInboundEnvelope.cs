using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Ingest;

/// <summary>What both hosts' inbound queue workers call with each queue message.</summary>
public sealed class ProcessInboundEnvelope(IInboundEnvelopeReader reader, ProcessInboundMessage process, ILogger<ProcessInboundEnvelope> log)
{
    public async Task HandleAsync(string queueMessageText, CancellationToken ct)
    {
        var envelope = await reader.ReadAsync(queueMessageText, ct);
        if (envelope is null)
        {
            log.LogInformation("Inbound queue message's claim-checked payload is gone: it was processed before; nothing to do");
            return;
        }

        // Continue the webhook's trace across the queue hop.
        ActivityContext.TryParse(envelope.TraceParent, null, out var parent);
        using var activity = Telemetry.Source.StartActivity("inbound queue message", ActivityKind.Consumer, parent);
        activity?.SetTag("omnisupport.provider", envelope.Provider);
        activity?.SetTag("omnisupport.envelope_id", envelope.Id);

        foreach (var message in envelope.Messages)
        {
            await process.HandleAsync(message, ct);
        }

        // Every message is in (each step idempotent): the claim-checked payload is no longer needed.
        await reader.ProcessedAsync(queueMessageText, ct);
    }
}
