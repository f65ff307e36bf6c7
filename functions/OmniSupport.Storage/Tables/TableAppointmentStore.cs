using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Appointments;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Appointments: PartitionKey the UTC day it starts (<c>yyyy-MM-dd</c>), RowKey the appointment id, the
/// JSON document plus Status and Location columns, so a day's staff view is one partition query. An
/// index row (PartitionKey <c>id-{appointmentId}</c>, RowKey <c>index</c>) names the day for point reads
/// by id; a pointer row (PartitionKey <c>awaiting-{customerId}</c>, RowKey <c>reply</c>) names the
/// appointment whose reminder waits for that customer's answer.
/// </summary>
public sealed class TableAppointmentStore(StorageClients clients) : IAppointmentStore
{
    private const string IndexRow = "index";
    private const string AwaitingRow = "reply";
    private readonly TableClient _table = clients.Table(clients.Names.Appointments);

    private static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<Appointment?> GetAsync(string appointmentId, CancellationToken ct)
    {
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape("id-" + appointmentId), IndexRow, cancellationToken: ct);
        if (!index.HasValue || index.Value is null)
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(index.Value.GetString("Day"), KeyEscaper.Escape(appointmentId), cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Json.Deserialize<Appointment>(row.Value.GetString("Data")) : null;
    }

    public async Task SaveAsync(Appointment appointment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(appointment);
        var day = DayKey(appointment.Day);
        var indexKey = KeyEscaper.Escape("id-" + appointment.Id);
        var index = await _table.GetEntityIfExistsAsync<TableEntity>(indexKey, IndexRow, cancellationToken: ct);
        await _table.UpsertEntityAsync(new TableEntity(day, KeyEscaper.Escape(appointment.Id))
        {
            ["Status"] = appointment.Status,
            ["Location"] = appointment.Location,
            ["Data"] = Json.Serialize(appointment),
        }, TableUpdateMode.Replace, ct);
        await _table.UpsertEntityAsync(new TableEntity(indexKey, IndexRow) { ["Day"] = day }, TableUpdateMode.Replace, ct);
        if (index.HasValue && index.Value is not null && index.Value.GetString("Day") is { } previous && previous != day)
        {
            // Moved to another day in the EHR: the old day's row goes (the new one is written first).
            try
            {
                await _table.DeleteEntityAsync(previous, KeyEscaper.Escape(appointment.Id), ETag.All, ct);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }
    }

    public async Task<IReadOnlyList<Appointment>> ListDayAsync(DateOnly day, CancellationToken ct)
    {
        var list = new List<Appointment>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {DayKey(day)}"), cancellationToken: ct))
        {
            list.Add(Json.Deserialize<Appointment>(row.GetString("Data")));
        }

        return list.OrderBy(a => a.Start).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    public Task SetAwaitingReplyAsync(string customerId, string appointmentId, DateTimeOffset since, CancellationToken ct) =>
        _table.UpsertEntityAsync(new TableEntity(KeyEscaper.Escape("awaiting-" + customerId), AwaitingRow)
        {
            ["AppointmentId"] = appointmentId,
            ["Since"] = since,
        }, TableUpdateMode.Replace, ct);

    public async Task<string?> GetAwaitingReplyAsync(string customerId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape("awaiting-" + customerId), AwaitingRow, cancellationToken: ct);
        return row.HasValue && row.Value is not null ? row.Value.GetString("AppointmentId") : null;
    }

    public async Task ClearAwaitingReplyAsync(string customerId, string appointmentId, CancellationToken ct)
    {
        var key = KeyEscaper.Escape("awaiting-" + customerId);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(key, AwaitingRow, cancellationToken: ct);
        if (row.HasValue && row.Value is not null && row.Value.GetString("AppointmentId") == appointmentId)
        {
            try
            {
                await _table.DeleteEntityAsync(key, AwaitingRow, row.Value.ETag, ct);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
            }
        }
    }
}
