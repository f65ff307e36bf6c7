using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Analytics;
using OmniSupport.Core.Conversations;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Conversations: PartitionKey conversationId (so the API reads one by id alone), RowKey
/// <c>conversation</c>; the conversation's live journey record (<see cref="TableJourneyStore"/>) is the
/// partition's other row, so reading a conversation is one query that returns both. The customer's open
/// pointer is a row <c>open</c> in the customer's partition of the Customers table (read with the profile,
/// see <see cref="TableCustomerStore"/>); opening races resolve by 409.
/// </summary>
public sealed class TableConversationStore(StorageClients clients) : IConversationStore
{
    internal const string Row = "conversation";
    internal const string OpenRow = "open";

    /// <summary>The customer's open-conversation pointer: a row of the customer's partition in <c>Customers</c>.</summary>
    internal static TableEntity OpenPointer(string customerId, string conversationId) =>
        new(KeyEscaper.Escape(customerId), OpenRow) { ["ConversationId"] = conversationId };
    private readonly TableClient _conversations = clients.Table(clients.Names.Conversations);
    private readonly TableClient _customers = clients.Table(clients.Names.Customers);
    private readonly TableClient _messageIndex = clients.Table(clients.Names.MessageIndex);

    public async Task<Conversation?> GetAsync(string conversationId, CancellationToken ct)
    {
        var rows = await _conversations.ReadPartitionAsync(KeyEscaper.Escape(conversationId), ct);
        if (!rows.TryGetValue(Row, out var row))
        {
            return null;
        }

        var conversation = Json.Deserialize<Conversation>(EntityJson.Read(row));
        conversation.Version = row.ETag.ToString();
        conversation.JourneyAsRead = new JourneyAsRead(rows.TryGetValue(TableJourneyStore.LiveRow, out var journey) ? TableJourneyStore.ReadLive(journey) : null);
        return conversation;
    }

    public async Task<string?> GetOpenIdAsync(string customerId, CancellationToken ct)
    {
        var row = await _customers.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(customerId), OpenRow, ["ConversationId"], ct);
        return row.HasValue ? row.Value?.GetString("ConversationId") : null;
    }

    public async Task<string> ClaimOpenAsync(string customerId, string conversationId, CancellationToken ct)
    {
        try
        {
            await _customers.AddEntityAsync(OpenPointer(customerId, conversationId), ct);
            return conversationId;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return await GetOpenIdAsync(customerId, ct) ?? conversationId;
        }
    }

    public async Task ReleaseOpenAsync(string customerId, string conversationId, CancellationToken ct)
    {
        var row = await _customers.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(customerId), OpenRow, cancellationToken: ct);
        if (!row.HasValue || row.Value is null || row.Value.GetString("ConversationId") != conversationId)
        {
            return;
        }

        try
        {
            await _customers.DeleteEntityAsync(row.Value.PartitionKey, OpenRow, row.Value.ETag, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Someone else already moved the pointer on.
        }
    }

    public async Task<bool> CreateIfMissingAsync(Conversation conversation, CancellationToken ct)
    {
        try
        {
            var response = await _conversations.AddEntityAsync(ToEntity(conversation), ct);
            conversation.Version = WrittenVersion.Of(response, null);
            conversation.JourneyAsRead = conversation.Version is null ? null : new JourneyAsRead(null);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public Task UpdateAsync(Conversation conversation, CancellationToken ct) =>
        TableErrors.ReplaceAsync(
            async () =>
            {
                var response = await _conversations.UpdateEntityAsync(ToEntity(conversation), new ETag(conversation.Version ?? "*"), TableUpdateMode.Replace, ct);
                conversation.Version = WrittenVersion.Of(response, conversation.Version);
            },
            $"Conversation {conversation.Id}");

    public async Task IndexMessageIdAsync(string messageId, string conversationId, CancellationToken ct) =>
        await _messageIndex.UpsertEntityAsync(
            new TableEntity(KeyEscaper.Escape(messageId), Row) { ["ConversationId"] = conversationId },
            TableUpdateMode.Replace,
            ct);

    public async Task<string?> FindByMessageIdAsync(string messageId, CancellationToken ct)
    {
        var row = await _messageIndex.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(messageId), Row, ["ConversationId"], ct);
        return row.HasValue ? row.Value?.GetString("ConversationId") : null;
    }

    internal static TableEntity ToEntity(Conversation conversation)
    {
        var entity = new TableEntity(KeyEscaper.Escape(conversation.Id), Row)
        {
            ["CustomerId"] = conversation.CustomerId,
            ["Status"] = conversation.Status,
            ["Queue"] = conversation.Queue,
        };
        EntityJson.Write(entity, Json.Serialize(conversation));
        return entity;
    }
}
