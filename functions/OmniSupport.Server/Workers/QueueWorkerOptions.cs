using OmniSupport.Core.Common;

namespace OmniSupport.Server.Workers;

public sealed class QueueWorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>How long a received message stays invisible while it is processed; after that it is redelivered.</summary>
    [SettingRange(1, 7 * 24 * 3600)]
    public int VisibilityTimeoutSeconds { get; set; } = 300;

    /// <summary>Messages received per poll (the queue service allows up to 32).</summary>
    [SettingRange(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>The longest wait between polls of an empty queue.</summary>
    [SettingRange(10, 60000)]
    public int MaxPollIntervalMilliseconds { get; set; } = 1000;
}
