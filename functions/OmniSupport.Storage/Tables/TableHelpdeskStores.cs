using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Reports;
using OmniSupport.Core.Routing;

namespace OmniSupport.Storage.Tables;

/// <summary>The handoff report: PartitionKey the resolution day (yyyy-MM-dd), RowKey the conversation id.</summary>
public sealed class TableHandoffReportStore(StorageClients clients) : IHandoffReportStore
{
    private readonly TableClient _table = clients.Table(clients.Names.HandoffReport);

    public async Task RecordAsync(HandoffOutcome outcome, CancellationToken ct) =>
        await _table.UpsertEntityAsync(new TableEntity(Day(outcome.ResolvedAt), KeyEscaper.Escape(outcome.ConversationId))
        {
            ["Data"] = Json.Serialize(outcome),
            ["Platform"] = outcome.Platform,
            ["Intent"] = outcome.Intent,
            ["Recollected"] = outcome.Recollected,
        }, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<HandoffOutcome>> ReadAsync(DateOnly fromDay, DateOnly toDay, CancellationToken ct)
    {
        var from = fromDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = toDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var list = new List<HandoffOutcome>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey le {to}"), cancellationToken: ct))
        {
            list.Add(Json.Deserialize<HandoffOutcome>(row.GetString("Data")));
        }

        return list;
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
