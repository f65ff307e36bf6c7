using Azure;
using Azure.Data.Tables;
using OmniSupport.Storage;

namespace OmniSupport.Server.Durable;

/// <summary>
/// Remembers how many task hubs the orchestrations were spread over and refuses to start with another
/// count: the hash would send an open conversation's signals to a hub without its orchestration, where
/// the signal worker would start a second one (two SLA clocks, escalations twice).
/// </summary>
public sealed class TaskHubLayout(StorageClients storage)
{
    private const string Partition = "task-hubs";
    private const string CountProperty = "TaskHubCount";

    /// <summary>Records <paramref name="count"/> for <paramref name="taskHubName"/> the first time; throws when it differs from the recorded one.</summary>
    public async Task EnsureAsync(string taskHubName, int count, CancellationToken ct)
    {
        var table = storage.Tables.GetTableClient(storage.Names.DurableLayout);
        await table.CreateIfNotExistsAsync(ct);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, taskHubName) { [CountProperty] = count }, ct);
            return;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Recorded before: compare.
        }

        var recorded = (await table.GetEntityAsync<TableEntity>(Partition, taskHubName, cancellationToken: ct)).Value.GetInt32(CountProperty);
        if (recorded != count)
        {
            throw new TaskHubLayoutException(
                $"Durable:TaskHubCount is {count} but the task hubs of '{taskHubName}' were created with {recorded}: open conversations " +
                $"would lose their SLA orchestrations. Set it back to {recorded}, or, once no conversation is open, delete the row " +
                $"'{Partition}/{taskHubName}' from table '{storage.Names.DurableLayout}'.");
        }
    }
}

/// <summary>The configured task hub count differs from the one the task hubs were created with.</summary>
public sealed class TaskHubLayoutException(string message) : Exception(message);
