using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;

namespace OmniSupport.Core.Ingest;

/// <summary>Deletes dedupe records past the retention window (kept at least 7 days: WhatsApp retries that long).</summary>
public sealed class SweepInbox(IInbox inbox, IOptions<IngestOptions> options, TimeProvider clock, ILogger<SweepInbox> log)
{
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var days = Math.Max(7, options.Value.DedupeRetentionDays);
        var swept = await inbox.SweepAsync(clock.GetUtcNow().AddDays(-days), ct);
        log.LogInformation("Inbox sweep removed {Count} dedupe records older than {Days} days", swept, days);
        return swept;
    }
}
