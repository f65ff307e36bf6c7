using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// OutboundLedger: the send outcome under PartitionKey <c>out:{outboundId}</c>, RowKey <c>record</c>;
/// the provider id index under PartitionKey <c>pm:{providerMessageId}</c>, RowKey <c>ref</c>. One
/// partition per message, so every read and write is a point operation.
/// </summary>
public sealed class TableOutboundLedger(StorageClients clients) : IOutboundLedger
{
    private const string RecordRow = "record";
    private const string RefRow = "ref";
    private readonly TableClient _table = clients.Table(clients.Names.OutboundLedger);

    public async Task<OutboundRecord?> GetAsync(string outboundId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(RecordKey(outboundId), RecordRow, cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Json.Deserialize<OutboundRecord>(EntityJson.Read(row.Value)) : null;
    }

    public async Task SaveAsync(OutboundRecord record, CancellationToken ct)
    {
        var entity = new TableEntity(RecordKey(record.OutboundId), RecordRow) { ["Status"] = record.Status, ["Provider"] = record.Provider };
        EntityJson.Write(entity, Json.Serialize(record));
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    public async Task IndexProviderMessageIdAsync(string providerMessageId, string outboundId, CancellationToken ct) =>
        await _table.UpsertEntityAsync(new TableEntity(RefKey(providerMessageId), RefRow) { ["OutboundId"] = outboundId }, TableUpdateMode.Replace, ct);

    public async Task<string?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(RefKey(providerMessageId), RefRow, ["OutboundId"], ct);
        return row.HasValue ? row.Value?.GetString("OutboundId") : null;
    }

    private static string RecordKey(string outboundId) => KeyEscaper.Escape("out:" + outboundId);

    private static string RefKey(string providerMessageId) => KeyEscaper.Escape("pm:" + providerMessageId);
}
