using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Customers;

namespace OmniSupport.Storage.Tables;

/// <summary>Customers: PartitionKey customerId, RowKey <c>profile</c>, the profile as JSON.</summary>
public sealed class TableCustomerStore(StorageClients clients) : ICustomerStore
{
    public const string ProfileRow = "profile";
    private readonly TableClient _table = clients.Table(clients.Names.Customers);

    public async Task<Customer?> GetAsync(string customerId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(customerId), ProfileRow, cancellationToken: ct);
        if (!row.HasValue || row.Value is null)
        {
            return null;
        }

        var customer = Json.Deserialize<Customer>(EntityJson.Read(row.Value));
        customer.Version = row.Value.ETag.ToString();
        return customer;
    }

    public async Task CreateIfMissingAsync(Customer customer, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(ToEntity(customer), ct);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
        }
    }

    public Task UpdateAsync(Customer customer, CancellationToken ct) =>
        TableErrors.ReplaceAsync(
            () => _table.UpdateEntityAsync(ToEntity(customer), new ETag(customer.Version ?? "*"), TableUpdateMode.Replace, ct),
            $"Customer {customer.Id}");

    private static TableEntity ToEntity(Customer customer)
    {
        var entity = new TableEntity(KeyEscaper.Escape(customer.Id), ProfileRow) { ["MergedInto"] = customer.MergedInto };
        EntityJson.Write(entity, Json.Serialize(customer));
        return entity;
    }
}
