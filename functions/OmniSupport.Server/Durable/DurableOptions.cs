namespace OmniSupport.Server.Durable;

/// <summary>The Server's Durable Task Framework backend (Azure Storage: Azurite locally, the hub's account in Azure).</summary>
public sealed class DurableOptions
{
    public const string SectionName = "Durable";

    /// <summary>Run the orchestrations in this process (false: another Server replica or the Functions app runs them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Task hub name (letters and digits, 3-45); <c>Storage:Prefix</c> is put in front, like every table and queue name.</summary>
    public string TaskHubName { get; set; } = "omnisupport";

    /// <summary>
    /// Control queues (1-16, fixed when the task hub is created): how far orchestrations spread over Server
    /// replicas. Each is one more queue to poll; on Azurite 2 kept timers far more punctual than 4 (bench/README.md, SLA timers).
    /// </summary>
    public int PartitionCount { get; set; } = 2;

    /// <summary>Longest wait between polls of an idle queue; the backend's default of 30 s makes a timer up to that late.</summary>
    public int MaxQueuePollingIntervalMilliseconds { get; set; } = 500;

    public int MaxConcurrentOrchestrations { get; set; } = 200;
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>Keep an orchestration's history in memory between events (fewer storage reads per cycle).</summary>
    public bool ExtendedSessions { get; set; }

    /// <summary>Control-queue messages fetched per poll (1-32).</summary>
    public int ControlQueueBatchSize { get; set; } = 32;
}
