using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Customers;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Customers: PartitionKey customerId, RowKey <c>profile</c>, the profile as JSON. The partition also holds
/// the open-conversation pointer (<see cref="TableConversationStore"/>), so a read of the profile is a
/// query of the partition that returns both rows in one request.
/// </summary>
public sealed class TableCustomerStore(StorageClients clients) : ICustomerStore
{
    public const string ProfileRow = "profile";
    private readonly TableClient _table = clients.Table(clients.Names.Customers);

    public async Task<Customer?> GetAsync(string customerId, CancellationToken ct)
    {
        var rows = await _table.ReadPartitionAsync(KeyEscaper.Escape(customerId), ct);
        if (!rows.TryGetValue(ProfileRow, out var profile))
        {
            return null;
        }

        var customer = Json.Deserialize<Customer>(EntityJson.Read(profile));
        customer.Version = profile.ETag.ToString();
        customer.OpenConversation = new OpenPointerAsRead(rows.TryGetValue(TableConversationStore.OpenRow, out var open) ? open.GetString("ConversationId") : null);
        return customer;
    }

    public async Task<bool> CreateIfMissingAsync(Customer customer, CancellationToken ct)
    {
        try
        {
            var response = await _table.AddEntityAsync(ToEntity(customer), ct);
            customer.Version = WrittenVersion.Of(response, null);
            customer.OpenConversation = customer.Version is null ? null : new OpenPointerAsRead(null);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task<bool> CreateWithOpenConversationAsync(Customer customer, string conversationId, CancellationToken ct)
    {
        TableTransactionAction[] batch =
            [new(TableTransactionActionType.Add, ToEntity(customer)), new(TableTransactionActionType.Add, TableConversationStore.OpenPointer(customer.Id, conversationId))];
        Response<IReadOnlyList<Response>> written;
        try
        {
            written = await _table.SubmitTransactionAsync(batch, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // An earlier try (before a crash) wrote both: the profile's own insert conflicts too and says so. A pointer
            // without its profile (no write of ours leaves one) lets the profile in alone; threading then reads the pointer.
            return await CreateIfMissingAsync(customer, ct);
        }

        customer.Version = written.Value.Count == batch.Length ? WrittenVersion.Of(written.Value[0], null) : null;
        customer.OpenConversation = customer.Version is null ? null : new OpenPointerAsRead(conversationId);
        return true;
    }

    public Task UpdateAsync(Customer customer, CancellationToken ct)
    {
        customer.OpenConversation = null; // a changed profile (a merge, a link) may have moved the pointer too
        return TableErrors.ReplaceAsync(
            async () =>
            {
                var response = await _table.UpdateEntityAsync(ToEntity(customer), new ETag(customer.Version ?? "*"), TableUpdateMode.Replace, ct);
                customer.Version = WrittenVersion.Of(response, customer.Version);
            },
            $"Customer {customer.Id}");
    }

    private static TableEntity ToEntity(Customer customer)
    {
        var entity = new TableEntity(KeyEscaper.Escape(customer.Id), ProfileRow) { ["MergedInto"] = customer.MergedInto };
        EntityJson.Write(entity, Json.Serialize(customer));
        return entity;
    }
}
