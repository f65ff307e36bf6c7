using System.Collections.Concurrent;
using System.Text.Json;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Tests;

// Small in-memory ports with the same contracts as the table stores (conditional inserts, versions),
// so the rules can be specified without storage. The Azurite tests cover the real stores.

internal static class Copy
{
    public static T Of<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;
}

internal sealed class InMemoryCustomers : ICustomerStore
{
    public readonly ConcurrentDictionary<string, (Customer Customer, int Version)> Rows = new();

    public Task<Customer?> GetAsync(string customerId, CancellationToken ct)
    {
        if (!Rows.TryGetValue(customerId, out var row))
        {
            return Task.FromResult<Customer?>(null);
        }

        var copy = Copy.Of(row.Customer);
        copy.Version = row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult<Customer?>(copy);
    }

    public Task<bool> CreateIfMissingAsync(Customer customer, CancellationToken ct)
    {
        if (!Rows.TryAdd(customer.Id, (Copy.Of(customer), 1)))
        {
            return Task.FromResult(false);
        }

        customer.Version = "1";
        customer.OpenConversation = new OpenPointerAsRead(null);
        return Task.FromResult(true);
    }

    // The pointers live in InMemoryConversations here: the profile is written alone and reports no pointer, as the contract allows.
    public Task<bool> CreateWithOpenConversationAsync(Customer customer, string conversationId, CancellationToken ct) => CreateIfMissingAsync(customer, ct);

    public Task UpdateAsync(Customer customer, CancellationToken ct)
    {
        var current = Rows[customer.Id];
        if (current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != customer.Version
            || !Rows.TryUpdate(customer.Id, (Copy.Of(customer), current.Version + 1), current))
        {
            throw new ConcurrencyConflictException("changed");
        }

        customer.Version = (current.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public void Seed(string id, DateTimeOffset createdAt, params ContactIdentity[] identities) =>
        Rows[id] = (new Customer { Id = id, CreatedAt = createdAt, Identities = [.. identities] }, 1);
}

internal sealed class InMemoryIdentities : IIdentityIndex
{
    public readonly ConcurrentDictionary<ContactIdentity, string> Rows = new();
    private int _claims;

    /// <summary>Claims made, won or lost: each is an insert on the real index (and a read when lost).</summary>
    public int Claims => _claims;

    public Task<string?> FindAsync(ContactIdentity identity, CancellationToken ct) =>
        Task.FromResult(Rows.TryGetValue(identity, out var id) ? id : null);

    public Task<string> ClaimAsync(ContactIdentity identity, string customerId, CancellationToken ct)
    {
        Interlocked.Increment(ref _claims);
        return Task.FromResult(Rows.GetOrAdd(identity, customerId));
    }

    public Task RepointAsync(ContactIdentity identity, string customerId, CancellationToken ct)
    {
        Rows[identity] = customerId;
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryConversations : IConversationStore
{
    public readonly ConcurrentDictionary<string, (Conversation Conversation, int Version)> Rows = new();
    public readonly ConcurrentDictionary<string, string> Open = new();
    public readonly ConcurrentDictionary<string, string> ByMessageId = new();

    public Task<Conversation?> GetAsync(string conversationId, CancellationToken ct)
    {
        if (!Rows.TryGetValue(conversationId, out var row))
        {
            return Task.FromResult<Conversation?>(null);
        }

        var copy = Copy.Of(row.Conversation);
        copy.Version = row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult<Conversation?>(copy);
    }

    public Task<string?> GetOpenIdAsync(string customerId, CancellationToken ct) =>
        Task.FromResult(Open.TryGetValue(customerId, out var id) ? id : null);

    public Task<string> ClaimOpenAsync(string customerId, string conversationId, CancellationToken ct) =>
        Task.FromResult(Open.GetOrAdd(customerId, conversationId));

    public Task ReleaseOpenAsync(string customerId, string conversationId, CancellationToken ct)
    {
        Open.TryRemove(new KeyValuePair<string, string>(customerId, conversationId));
        return Task.CompletedTask;
    }

    public Task<bool> CreateIfMissingAsync(Conversation conversation, CancellationToken ct)
    {
        if (!Rows.TryAdd(conversation.Id, (Copy.Of(conversation), 1)))
        {
            return Task.FromResult(false);
        }

        conversation.Version = "1";
        conversation.JourneyAsRead = new OmniSupport.Core.Analytics.JourneyAsRead(null);
        return Task.FromResult(true);
    }

    /// <summary>Runs once, before the next update is checked, as another writer would.</summary>
    public Action? BeforeNextUpdate { get; set; }

    public Task UpdateAsync(Conversation conversation, CancellationToken ct)
    {
        if (BeforeNextUpdate is { } other)
        {
            BeforeNextUpdate = null;
            other();
        }

        var current = Rows[conversation.Id];
        if (current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != conversation.Version
            || !Rows.TryUpdate(conversation.Id, (Copy.Of(conversation), current.Version + 1), current))
        {
            throw new ConcurrencyConflictException("changed");
        }

        conversation.Version = (current.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public Task IndexMessageIdAsync(string messageId, string conversationId, CancellationToken ct)
    {
        ByMessageId[messageId] = conversationId;
        return Task.CompletedTask;
    }

    public Task<string?> FindByMessageIdAsync(string messageId, CancellationToken ct) =>
        Task.FromResult(ByMessageId.TryGetValue(messageId, out var id) ? id : null);
}

internal sealed class InMemoryTimeline : ITimelineStore
{
    public readonly ConcurrentDictionary<(string CustomerId, string EventId), TimelineEvent> Rows = new();

    public Task AppendAsync(TimelineEvent timelineEvent, CancellationToken ct)
    {
        Rows.TryAdd((timelineEvent.CustomerId, timelineEvent.Id), timelineEvent);
        return Task.CompletedTask;
    }

    public Task<TimelinePage> ReadAsync(IReadOnlyList<string> customerIds, int pageSize, string? continuationToken, CancellationToken ct) =>
        Task.FromResult(new TimelinePage(
            Rows.Values.Where(e => customerIds.Contains(e.CustomerId)).OrderByDescending(e => e.OccurredAt).Take(pageSize).ToList(),
            null));
}

/// <summary>Journeys in memory; with the conversations given, a record saved with its conversation writes both or neither.</summary>
internal sealed class InMemoryJourneys(InMemoryConversations? conversations = null) : OmniSupport.Core.Analytics.IJourneyStore
{
    private readonly Lock _batch = new();

    public int BatchesWithConversation { get; private set; }

    public readonly ConcurrentDictionary<string, (OmniSupport.Core.Analytics.JourneyRecord Record, int Version)> Live = new();
    public readonly ConcurrentDictionary<string, OmniSupport.Core.Analytics.JourneyRecord> Resolved = new();
    public readonly ConcurrentDictionary<string, OmniSupport.Core.Analytics.LastResolvedJourney> LastResolved = new();

    public Task<OmniSupport.Core.Analytics.JourneyRecord?> GetAsync(string conversationId, CancellationToken ct)
    {
        if (!Live.TryGetValue(conversationId, out var row))
        {
            return Task.FromResult<OmniSupport.Core.Analytics.JourneyRecord?>(null);
        }

        var copy = Copy.Of(row.Record);
        copy.Version = row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult<OmniSupport.Core.Analytics.JourneyRecord?>(copy);
    }

    public Task SaveAsync(OmniSupport.Core.Analytics.JourneyRecord record, bool writeResolved, CancellationToken ct)
    {
        if (record.Version is null)
        {
            if (!Live.TryAdd(record.ConversationId, (Copy.Of(record), 1)))
            {
                throw new ConcurrencyConflictException("exists");
            }
        }
        else
        {
            var current = Live[record.ConversationId];
            if (current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != record.Version
                || !Live.TryUpdate(record.ConversationId, (Copy.Of(record), current.Version + 1), current))
            {
                throw new ConcurrencyConflictException("changed");
            }
        }

        if (writeResolved && record.ResolvedAt is not null)
        {
            Resolved[record.ConversationId] = Copy.Of(record.Summary());
        }

        return Task.CompletedTask;
    }

    public Task SaveWithConversationAsync(OmniSupport.Core.Analytics.JourneyRecord record, Conversation conversation, CancellationToken ct)
    {
        var store = conversations ?? throw new InvalidOperationException("This store was made without the conversations it would write with.");
        if (store.BeforeNextUpdate is { } other)
        {
            store.BeforeNextUpdate = null;
            other();
        }

        lock (_batch)
        {
            var current = store.Rows[conversation.Id];
            var live = Live.TryGetValue(record.ConversationId, out var row) ? row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) != conversation.Version || live != record.Version)
            {
                throw new ConcurrencyConflictException("changed");
            }

            store.UpdateAsync(conversation, ct).GetAwaiter().GetResult();
            SaveAsync(record, false, ct).GetAwaiter().GetResult();
            BatchesWithConversation++;
        }

        return Task.CompletedTask;
    }

    public Task<OmniSupport.Core.Analytics.LastResolvedJourney?> GetLastResolvedAsync(string customerId, CancellationToken ct) =>
        Task.FromResult(LastResolved.TryGetValue(customerId, out var last) ? last : null);

    public Task SetLastResolvedAsync(OmniSupport.Core.Analytics.LastResolvedJourney last, CancellationToken ct)
    {
        LastResolved[last.CustomerId] = last;
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<OmniSupport.Core.Analytics.JourneyRecord> ReadResolvedAsync(DateTimeOffset from, DateTimeOffset to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        foreach (var r in Resolved.Values.Where(r => r.ResolvedAt >= from && r.ResolvedAt < to).OrderBy(r => r.ResolvedAt))
        {
            yield return r;
        }
    }

    public Task<OmniSupport.Core.Analytics.JourneyPage> ReadPathAsync(DateTimeOffset from, DateTimeOffset to, string path, int pageSize, string? continuationToken, CancellationToken ct) =>
        throw new NotSupportedException("The Azurite tests cover paging.");

    public Task ImportResolvedAsync(IReadOnlyList<OmniSupport.Core.Analytics.JourneyRecord> records, CancellationToken ct)
    {
        foreach (var r in records)
        {
            Resolved[r.ConversationId] = Copy.Of(r.Summary());
        }

        return Task.CompletedTask;
    }
}

/// <summary>Routing with no rules: an opened conversation goes on as it is.</summary>
internal sealed class NoRouting : OmniSupport.Core.Routing.IConversationRouter
{
    public Task<OmniSupport.Core.Routing.RoutedOpening> RouteOpenedAsync(Conversation conversation, Customer customer, string? channel, CancellationToken ct) =>
        Task.FromResult(new OmniSupport.Core.Routing.RoutedOpening(conversation, customer));
}
