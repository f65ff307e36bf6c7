namespace OmniSupport.Core.Ingest;

public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>How far a signed timestamp may be from our clock before the request counts as replayed.</summary>
    public int ReplayWindowSeconds { get; set; } = 300;

    /// <summary>How long dedupe records are kept (WhatsApp retries for up to 7 days).</summary>
    public int DedupeRetentionDays { get; set; } = 8;
}
