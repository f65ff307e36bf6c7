using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Surveys;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// SlaStatus: the JSON document plus a State column. A conversation whose SLA is open has its row in the
/// board's partition (PartitionKey <c>open</c>, RowKey conversationId), so the supervisors' board reads
/// only what is open, however many conversations were ever resolved; once resolved the row moves to
/// PartitionKey conversationId, RowKey <c>status</c>. A read by id tries the open row first.
/// </summary>
/// <remarks>
/// A move writes the new place before it deletes the old one, the delete on the version read: a crash
/// between them leaves the old row, which a read still prefers while it is the open one, and the
/// redelivered signal moves it again. Rows an older version left open at the resolved place are moved
/// by the first board read of a process, once per deployment (a marker row records it).
/// </remarks>
public sealed class TableSlaStatusStore(StorageClients clients) : ISlaStatusStore
{
    public const string OpenPartition = "open";
    private const string ResolvedRow = "status";
    private const string MarkerPartition = "migrations";
    private const string MovedLegacyOpenRows = "open-rows-moved";
    private const string AtOpen = "open|";
    private const string AtResolved = "resolved|";
    private readonly TableClient _table = clients.Table(clients.Names.SlaStatus);
    private volatile bool _legacyMoved;

    public async Task<SlaStatus?> GetAsync(string conversationId, CancellationToken ct)
    {
        var key = KeyEscaper.Escape(conversationId);
        var open = await _table.GetEntityIfExistsAsync<TableEntity>(OpenPartition, key, cancellationToken: ct);
        if (open.HasValue && open.Value is not null)
        {
            return Read(open.Value, AtOpen);
        }

        var resolved = await _table.GetEntityIfExistsAsync<TableEntity>(key, ResolvedRow, cancellationToken: ct);
        return resolved.HasValue && resolved.Value is not null ? Read(resolved.Value, AtResolved) : null;
    }

    public async Task SaveAsync(SlaStatus status, CancellationToken ct)
    {
        var what = $"SLA status of {status.ConversationId}";
        var toOpen = status.State != SlaStates.Resolved;
        var entity = ToEntity(status, toOpen);
        switch (status.Version)
        {
            case null:
                await AddAsync(entity, what, ct);
                return;
            case var v when v.StartsWith(toOpen ? AtOpen : AtResolved, StringComparison.Ordinal):
                await TableErrors.ReplaceAsync(
                    () => _table.UpdateEntityAsync(entity, new ETag(v[(toOpen ? AtOpen : AtResolved).Length..]), TableUpdateMode.Replace, ct), what);
                return;
            case var v when toOpen:
                // Open again, or a row an older version left at the resolved place: the open row is what counts from here.
                await AddAsync(entity, what, ct);
                await DeleteIfUnchangedAsync(KeyEscaper.Escape(status.ConversationId), ResolvedRow, v[AtResolved.Length..], ct);
                return;
            case var v:
                await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
                await TableErrors.ReplaceAsync(
                    () => _table.DeleteEntityAsync(OpenPartition, KeyEscaper.Escape(status.ConversationId), new ETag(v[AtOpen.Length..]), ct), what);
                return;
        }
    }

    public async Task<IReadOnlyList<SlaStatus>> ListOpenAsync(CancellationToken ct)
    {
        if (!_legacyMoved)
        {
            await MoveLegacyOpenRowsAsync(ct);
            _legacyMoved = true;
        }

        var list = new List<SlaStatus>();
        await foreach (var row in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}"), select: ["Data"], cancellationToken: ct))
        {
            list.Add(Json.Deserialize<SlaStatus>(row.GetString("Data")));
        }

        return list;
    }

    private async Task MoveLegacyOpenRowsAsync(CancellationToken ct)
    {
        var marker = await _table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MovedLegacyOpenRows, ["PartitionKey"], ct);
        if (marker.HasValue)
        {
            return;
        }

        var filter = TableClient.CreateQueryFilter($"RowKey eq {ResolvedRow} and State ne {SlaStates.Resolved}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var status = Json.Deserialize<SlaStatus>(row.GetString("Data"));
            try
            {
                await _table.AddEntityAsync(ToEntity(status, open: true), ct);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // A writer moved it first; its open row is the newer one.
            }

            await DeleteIfUnchangedAsync(row.PartitionKey, row.RowKey, row.ETag.ToString(), ct);
        }

        await _table.UpsertEntityAsync(new TableEntity(MarkerPartition, MovedLegacyOpenRows) { ["At"] = DateTimeOffset.UtcNow }, cancellationToken: ct);
    }

    private async Task AddAsync(TableEntity entity, string what, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(entity, ct);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            throw new ConcurrencyConflictException($"{what} was written by another writer first.");
        }
    }

    /// <summary>Deletes the row left behind by a move, unless someone wrote it since: reads prefer the open row anyway.</summary>
    private async Task DeleteIfUnchangedAsync(string partitionKey, string rowKey, string etag, CancellationToken ct)
    {
        try
        {
            await _table.DeleteEntityAsync(partitionKey, rowKey, new ETag(etag), ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }

    private static SlaStatus Read(TableEntity row, string place)
    {
        var status = Json.Deserialize<SlaStatus>(row.GetString("Data"));
        status.Version = place + row.ETag;
        return status;
    }

    private static TableEntity ToEntity(SlaStatus status, bool open)
    {
        var key = KeyEscaper.Escape(status.ConversationId);
        return new TableEntity(open ? OpenPartition : key, open ? key : ResolvedRow)
        {
            ["State"] = status.State,
            ["Data"] = Json.Serialize(status),
        };
    }
}

/// <summary>
/// CallTasks: PartitionKey task id, RowKey <c>task</c> (JSON plus a Status column); a placed call adds an
/// index row PartitionKey <c>sid-{CallSid}</c>, RowKey <c>index</c>, so a status callback finds its task in one read.
/// </summary>
public sealed class TableCallTaskStore(StorageClients clients) : ICallTaskStore
{
    private const string Row = "task";
    private const string IndexRow = "index";
    private readonly TableClient _table = clients.Table(clients.Names.CallTasks);

    public async Task<CallTask> CreateIfMissingAsync(CallTask task, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(ToEntity(task), ct);
            return task;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return await GetAsync(task.Id, ct) ?? task;
        }
    }

    public async Task<CallTask?> GetAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(id), Row, cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Json.Deserialize<CallTask>(row.Value.GetString("Data")) : null;
    }

    public async Task UpdateAsync(CallTask task, CancellationToken ct)
    {
        await _table.UpsertEntityAsync(ToEntity(task), TableUpdateMode.Replace, ct);
        if (task.CallSid is { Length: > 0 } sid)
        {
            await _table.UpsertEntityAsync(new TableEntity(KeyEscaper.Escape("sid-" + sid), IndexRow) { ["TaskId"] = task.Id }, TableUpdateMode.Replace, ct);
        }
    }

    public async Task<IReadOnlyList<CallTask>> ListOpenAsync(CancellationToken ct)
    {
        var list = new List<CallTask>();
        await foreach (var row in _table.QueryAsync<TableEntity>($"RowKey eq '{Row}' and Status ne '{CallTaskStatus.Closed}'", cancellationToken: ct))
        {
            list.Add(Json.Deserialize<CallTask>(row.GetString("Data")));
        }

        return list.OrderBy(t => t.CreatedAt).ToList();
    }

    public async Task<IReadOnlyList<CallTask>> ListForConversationAsync(string conversationId, CancellationToken ct)
    {
        var list = new List<CallTask>();
        await foreach (var row in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {Row} and ConversationId eq {conversationId}"), cancellationToken: ct))
        {
            list.Add(Json.Deserialize<CallTask>(row.GetString("Data")));
        }

        return list.OrderBy(t => t.CreatedAt).ToList();
    }

    public async Task<bool> TryClaimForDialingAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(id), Row, cancellationToken: ct);
        if (!row.HasValue || row.Value is null)
        {
            return false;
        }

        var task = Json.Deserialize<CallTask>(row.Value.GetString("Data"));
        if (task.Status != CallTaskStatus.Open)
        {
            return false;
        }

        task.Status = CallTaskStatus.Dialing;
        try
        {
            await _table.UpdateEntityAsync(ToEntity(task), row.Value.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<CallTask?> FindByCallSidAsync(string callSid, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape("sid-" + callSid), IndexRow, cancellationToken: ct);
        return row.HasValue && row.Value?.GetString("TaskId") is { } id ? await GetAsync(id, ct) : null;
    }

    private static TableEntity ToEntity(CallTask task) => new(KeyEscaper.Escape(task.Id), Row)
    {
        ["Status"] = task.Status,
        ["ConversationId"] = task.ConversationId,
        ["Data"] = Json.Serialize(task),
    };
}

/// <summary>Surveys: PartitionKey customerId, RowKey conversationId; a <c>pending</c> row names the customer's open survey.</summary>
public sealed class TableSurveyStore(StorageClients clients) : ISurveyStore
{
    private const string PendingRow = "pending";
    private readonly TableClient _table = clients.Table(clients.Names.Surveys);

    public async Task RecordSentAsync(Survey survey, CancellationToken ct)
    {
        var pk = KeyEscaper.Escape(survey.CustomerId);
        try
        {
            await _table.AddEntityAsync(new TableEntity(pk, KeyEscaper.Escape(survey.ConversationId)) { ["Kind"] = "survey", ["Data"] = Json.Serialize(survey) }, ct);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return; // sent before: a retried activity
        }

        await _table.UpsertEntityAsync(new TableEntity(pk, PendingRow) { ["ConversationId"] = survey.ConversationId }, TableUpdateMode.Replace, ct);
    }

    public async Task<Survey?> GetPendingAsync(string customerId, CancellationToken ct)
    {
        var pk = KeyEscaper.Escape(customerId);
        var pointer = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PendingRow, cancellationToken: ct);
        if (!pointer.HasValue || pointer.Value?.GetString("ConversationId") is not { } conversationId)
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(pk, KeyEscaper.Escape(conversationId), cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Json.Deserialize<Survey>(row.Value.GetString("Data")) : null;
    }

    public async Task SaveAnswerAsync(Survey survey, CancellationToken ct)
    {
        var pk = KeyEscaper.Escape(survey.CustomerId);
        await _table.UpsertEntityAsync(new TableEntity(pk, KeyEscaper.Escape(survey.ConversationId)) { ["Kind"] = "survey", ["Data"] = Json.Serialize(survey) }, TableUpdateMode.Replace, ct);
        var pointer = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PendingRow, cancellationToken: ct);
        if (pointer.HasValue && pointer.Value?.GetString("ConversationId") == survey.ConversationId)
        {
            try
            {
                await _table.DeleteEntityAsync(pk, PendingRow, pointer.Value.ETag, ct);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
            }
        }
    }

    public async Task<IReadOnlyList<Survey>> ListAsync(CancellationToken ct)
    {
        var list = new List<Survey>();
        await foreach (var row in _table.QueryAsync<TableEntity>("Kind eq 'survey'", cancellationToken: ct))
        {
            list.Add(Json.Deserialize<Survey>(row.GetString("Data")));
        }

        return list;
    }
}
