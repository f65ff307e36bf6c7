using OmniSupport.Core.Common;

namespace OmniSupport.Core.Ingest;

public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>How far a signed timestamp may be from our clock before the request counts as replayed.</summary>
    [SettingRange(30, 3600)]
    public int ReplayWindowSeconds { get; set; } = 300;

    /// <summary>How long dedupe records are kept (WhatsApp retries for up to 7 days).</summary>
    [SettingRange(1, 90)]
    public int DedupeRetentionDays { get; set; } = 8;
}
