using DurableTask.AzureStorage;

namespace OmniSupport.Server.Durable;

/// <summary>The Server's Durable Task Framework backend (Azure Storage: Azurite locally, the hub's account in Azure).</summary>
public sealed class DurableOptions
{
    public const string SectionName = "Durable";

    /// <summary>Run the orchestrations in this process (false: another Server replica or the Functions app runs them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Task hub name (letters and digits, 3-45): host.json's <c>hubName</c> (<c>%TASKHUB_NAME%</c>, the setting the Functions app
    /// uses), or this when <c>TASKHUB_NAME</c> is not set; <c>Storage:Prefix</c> is put in front, like every table and queue name.
    /// </summary>
    public string TaskHubName { get; set; } = "omnisupport";

    // The tuning below comes from host.json's extensions.durableTask (Runtime.RuntimeSettings); a Durable:* setting overrides it.

    /// <summary>host.json <c>storageProvider.partitionCount</c>: control queues (1-16, fixed when the task hub is created).</summary>
    public int PartitionCount { get; set; }

    /// <summary>host.json <c>storageProvider.maxQueuePollingInterval</c>: longest wait between polls of an idle queue.</summary>
    public int MaxQueuePollingIntervalMilliseconds { get; set; }

    /// <summary>host.json <c>maxConcurrentOrchestratorFunctions</c>.</summary>
    public int MaxConcurrentOrchestrations { get; set; }

    /// <summary>host.json <c>maxConcurrentActivityFunctions</c>.</summary>
    public int MaxConcurrentActivities { get; set; }

    /// <summary>host.json <c>extendedSessionsEnabled</c>: keep an orchestration's history in memory between events.</summary>
    public bool ExtendedSessions { get; set; }

    /// <summary>host.json <c>storageProvider.controlQueueBatchSize</c>: control-queue messages fetched per poll (1-32).</summary>
    public int ControlQueueBatchSize { get; set; }

    /// <summary>host.json <c>storageProvider.controlQueueBufferThreshold</c>: control-queue messages a partition may hold ahead of processing.</summary>
    public int ControlQueueBufferThreshold { get; set; }

    /// <summary>Storage requests the backend has in flight at once (Server only: Durable Functions has no host.json key for it).</summary>
    public int MaxStorageOperationConcurrency { get; set; } = 100;

    /// <summary>
    /// Task hubs the orchestrations are spread over (1-16), each conversation's picked by a hash of its id
    /// (<see cref="TaskHubShards"/>). Server only, on purpose: a Functions app binds exactly one task hub (host.json
    /// <c>hubName</c>), and the sharding pays off only on Azurite, whose cost per request grows with the size of each
    /// table and queue it holds (bench/README.md, SLA timers); on an Azure storage account one hub with more partitions
    /// is the way to scale. Keep it at 1 (the Functions app's rule) when a Functions deployment shares the task hub.
    /// Fixed once conversations are open: a changed count sends a conversation's signals to a hub that does not have
    /// its orchestration (<see cref="TaskHubLayout"/> refuses to start then).
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
