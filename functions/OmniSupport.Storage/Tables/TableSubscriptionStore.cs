using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Events;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Subscriptions: PartitionKey <c>sub</c>, RowKey the id (the secret is kept: deliveries are signed
/// with it). Deliveries: table WebhookDeliveries, PartitionKey the subscription id, RowKey the delivery id.
/// Every inbound message publishes an event, so the list is cached for a few seconds (dropped at once
/// when this instance creates or deletes one; other instances see a change within <see cref="ListCacheTime"/>).
/// </summary>
public sealed class TableSubscriptionStore(StorageClients clients, TimeProvider clock) : ISubscriptionStore
{
    public static readonly TimeSpan ListCacheTime = TimeSpan.FromSeconds(10);
    private const string Partition = "sub";
    private volatile CachedList? _cached;
    private readonly TableClient _subscriptions = clients.Table(clients.Names.Subscriptions);
    private readonly TableClient _deliveries = clients.Table(clients.Names.WebhookDeliveries);

    public async Task CreateAsync(Subscription subscription, CancellationToken ct)
    {
        await _subscriptions.AddEntityAsync(new TableEntity(Partition, KeyEscaper.Escape(subscription.Id)) { ["Data"] = Json.Serialize(subscription) }, ct);
        _cached = null;
    }

    public async Task<Subscription?> GetAsync(string id, CancellationToken ct)
    {
        var row = await _subscriptions.GetEntityIfExistsAsync<TableEntity>(Partition, KeyEscaper.Escape(id), cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Json.Deserialize<Subscription>(row.Value.GetString("Data")) : null;
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } cached && now - cached.At < ListCacheTime)
        {
            return cached.Subscriptions;
        }

        var list = new List<Subscription>();
        await foreach (var row in _subscriptions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: ct))
        {
            list.Add(Json.Deserialize<Subscription>(row.GetString("Data")));
        }

        _cached = new CachedList(now, list);
        return list;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var deleted = await _subscriptions.DeleteIfExistsAsync(Partition, KeyEscaper.Escape(id), ct);
        _cached = null;
        return deleted;
    }

    public async Task<bool> AddDeliveryAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        try
        {
            await _deliveries.AddEntityAsync(DeliveryEntity(delivery), ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public async Task<WebhookDelivery?> GetDeliveryAsync(string subscriptionId, string deliveryId, CancellationToken ct)
    {
        var row = await _deliveries.GetEntityIfExistsAsync<TableEntity>(KeyEscaper.Escape(subscriptionId), KeyEscaper.Escape(deliveryId), cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Json.Deserialize<WebhookDelivery>(row.Value.GetString("Data")) : null;
    }

    public Task SaveDeliveryAsync(WebhookDelivery delivery, CancellationToken ct) =>
        _deliveries.UpsertEntityAsync(DeliveryEntity(delivery), TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, int max, CancellationToken ct)
    {
        var list = new List<WebhookDelivery>();
        var pk = KeyEscaper.Escape(subscriptionId);
        await foreach (var row in _deliveries.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), cancellationToken: ct))
        {
            list.Add(Json.Deserialize<WebhookDelivery>(row.GetString("Data")));
        }

        return list.OrderByDescending(d => d.CreatedAt).Take(max).ToList();
    }

    private static TableEntity DeliveryEntity(WebhookDelivery d) => new(KeyEscaper.Escape(d.SubscriptionId), KeyEscaper.Escape(d.Id))
    {
        ["Data"] = Json.Serialize(d),
        ["Status"] = d.Status,
        ["EventType"] = d.EventType,
    };

    private sealed record CachedList(DateTimeOffset At, IReadOnlyList<Subscription> Subscriptions);
}
