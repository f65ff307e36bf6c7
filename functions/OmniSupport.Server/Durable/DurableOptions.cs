using DurableTask.AzureStorage;

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

    /// <summary>Control-queue messages a partition may hold in memory ahead of processing.</summary>
    public int ControlQueueBufferThreshold { get; set; } = 1024;

    /// <summary>Storage requests the backend has in flight at once.</summary>
    public int MaxStorageOperationConcurrency { get; set; } = 100;

    /// <summary>
    /// Task hubs the orchestrations are spread over (1-16), each conversation's picked by a hash of its id
    /// (<see cref="TaskHubShards"/>). Fixed once conversations are open: a changed count sends a conversation's
    /// signals to a hub that does not have its orchestration. More than one pays off on Azurite, whose cost per
    /// request grows with the size of each table and queue it holds (bench/README.md, SLA timers); on an Azure
    /// storage account one hub with more partitions is the way to scale.
    /// </summary>
    public int TaskHubCount { get; set; } = 1;

    /// <summary>
    /// Storage connection strings for the task hubs, hub k on entry k modulo their number (one Azurite each
    /// keeps them from queueing behind one another). Empty: every task hub on the hub's own storage (<c>Storage:*</c>).
    /// </summary>
    public List<string> ConnectionStrings { get; set; } = [];

    /// <summary>Puts the tuning above into the backend's settings (the Server's, and the SLA bench's "tuned").</summary>
    public void ApplyTo(AzureStorageOrchestrationServiceSettings settings)
    {
        settings.PartitionCount = PartitionCount;
        settings.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(MaxQueuePollingIntervalMilliseconds);
        settings.MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestrations;
        settings.MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivities;
        settings.ExtendedSessionsEnabled = ExtendedSessions;
        settings.ControlQueueBatchSize = ControlQueueBatchSize;
        settings.ControlQueueBufferThreshold = ControlQueueBufferThreshold;
        settings.MaxStorageOperationConcurrency = MaxStorageOperationConcurrency;
        settings.UseAppLease = false;
    }
}
