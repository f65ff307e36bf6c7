using System.Diagnostics;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Ingest;

/// <summary>What both hosts' inbound queue workers call with each queue message.</summary>
public sealed class ProcessInboundEnvelope(IInboundEnvelopeReader reader, ProcessInboundMessage process)
{
    public async Task HandleAsync(string queueMessageText, CancellationToken ct)
    {
        var envelope = await reader.ReadAsync(queueMessageText, ct);

        // Continue the webhook's trace across the queue hop.
        ActivityContext.TryParse(envelope.TraceParent, null, out var parent);
        using var activity = Telemetry.Source.StartActivity("inbound queue message", ActivityKind.Consumer, parent);
        activity?.SetTag("omnisupport.provider", envelope.Provider);
        activity?.SetTag("omnisupport.envelope_id", envelope.Id);

        foreach (var message in envelope.Messages)
        {
            await process.HandleAsync(message, ct);
        }
    }
}
