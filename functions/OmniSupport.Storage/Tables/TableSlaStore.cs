using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Surveys;

namespace OmniSupport.Storage.Tables;

/// <summary>SlaStatus: PartitionKey conversationId, RowKey <c>status</c>; the JSON document plus a State column to list open ones.</summary>
public sealed class TableSlaStatusStore(StorageClients clients) : ISlaStatusStore
{
    private const string Row = "status";
    private readonly TableClient _table = clients.Table(clients.Names.SlaStatus);

    public async Task<SlaStatus?> GetAsync(string conversationId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(conversationId), Row, cancellationToken: ct);
        if (!row.HasValue || row.Value is null)
        {
            return null;
        }

        var status = Json.Deserialize<SlaStatus>(row.Value.GetString("Data"));
        status.Version = row.Value.ETag.ToString();
        return status;
    }

    public async Task SaveAsync(SlaStatus status, CancellationToken ct)
    {
        var entity = new TableEntity(KeyEscaper.Escape(status.ConversationId), Row)
        {
            ["State"] = status.State,
            ["Data"] = Json.Serialize(status),
        };
        if (status.Version is null)
        {
            try
            {
                await _table.AddEntityAsync(entity, ct);
                return;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                throw new ConcurrencyConflictException($"SLA status of {status.ConversationId} was written by another writer first.");
            }
        }

        await TableErrors.ReplaceAsync(
            () => _table.UpdateEntityAsync(entity, new ETag(status.Version), TableUpdateMode.Replace, ct),
            $"SLA status of {status.ConversationId}");
    }

    public async Task<IReadOnlyList<SlaStatus>> ListOpenAsync(CancellationToken ct)
    {
        var list = new List<SlaStatus>();
        await foreach (var row in _table.QueryAsync<TableEntity>($"RowKey eq '{Row}' and State ne '{SlaStates.Resolved}'", cancellationToken: ct))
        {
            list.Add(Json.Deserialize<SlaStatus>(row.GetString("Data")));
        }

        return list;
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
