using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Core.Customers;

/// <summary>
/// Finds the one customer an inbound message belongs to, by point reads on the identity index.
/// A first contact creates the customer (a conditional insert decides concurrent first contacts);
/// identities of two customers merge them, unless each holds a different account id.
/// </summary>
public sealed class ResolveCustomer(
    ICustomerStore customers,
    IIdentityIndex index,
    IdentityNormalizer normalizer,
    MergeCustomers merge,
    TimeProvider clock,
    ILogger<ResolveCustomer> log)
{
    private const int MaxAttempts = 6;

    public Task<Customer> ResolveAsync(InboundMessage message, CancellationToken ct) => ResolveAsync(message, null, ct);

    /// <summary>
    /// Resolves the message's customer; a first contact whose message will open <paramref name="opens"/> (the ingest's
    /// threading) is created with its open-conversation pointer naming it, in the same request as the profile.
    /// </summary>
    public async Task<Customer> ResolveAsync(InboundMessage message, string? opens, CancellationToken ct)
    {
        var identities = Normalize(message.From);
        if (identities.Count == 0)
        {
            throw new DomainRuleException("The message carries no identity that can be normalized.", 400);
        }

        for (var attempt = 1; ; attempt++)
        {
            var owners = await FindOwnersAsync(identities, ct);
            var target = owners.Count == 0
                ? await CreateFirstContactAsync(identities, message, opens, ct)
                : await ChooseTargetAsync(identities, owners, message, ct);

            if (target is null)
            {
                // Lost the race for the first identity: the next pass reads the winner.
                if (attempt >= MaxAttempts)
                {
                    throw new ConcurrencyConflictException("Identity resolution did not settle; the message will be retried.");
                }

                continue;
            }

            // The target was read in this pass: it is returned as read unless linking changed it.
            if (await LinkUnclaimedAsync(target, identities, owners, message, ct) is { } settled)
            {
                return settled;
            }

            if (attempt >= MaxAttempts)
            {
                return await customers.GetAsync(target.Id, ct) ?? target;
            }
        }
    }

    private List<ContactIdentity> Normalize(IEnumerable<SenderIdentity> raw) =>
        raw.Select(r => normalizer.Normalize(r.Kind, r.Value))
            .OfType<ContactIdentity>()
            .Distinct()
            .OrderBy(i => IdentityKinds.Precedence(i.Kind))
            .ToList();

    /// <summary>Each identity's owner, followed through merges to the profile that survives.</summary>
    private async Task<Dictionary<ContactIdentity, Customer>> FindOwnersAsync(List<ContactIdentity> identities, CancellationToken ct)
    {
        var found = await Task.WhenAll(identities.Select(async i => (Identity: i, Owner: await index.FindAsync(i, ct))));
        var owners = new Dictionary<ContactIdentity, Customer>();
        foreach (var (identity, ownerId) in found)
        {
            if (ownerId is null)
            {
                continue;
            }

            owners[identity] = await FollowMergesAsync(ownerId, identity, ct);
        }

        return owners;
    }

    private async Task<Customer> FollowMergesAsync(string customerId, ContactIdentity identity, CancellationToken ct)
    {
        var customer = await customers.GetAsync(customerId, ct);
        if (customer is null)
        {
            // The identity was claimed by a first contact that stopped before writing the profile.
            await customers.CreateIfMissingAsync(new Customer { Id = customerId, CreatedAt = clock.GetUtcNow(), Identities = [identity] }, ct);
            customer = await customers.GetAsync(customerId, ct) ?? throw new NotFoundException($"Customer {customerId}");
        }

        return await customers.FollowMergesAsync(customer, ct);
    }

    private async Task<Customer?> CreateFirstContactAsync(List<ContactIdentity> identities, InboundMessage message, string? opens, CancellationToken ct)
    {
        // Derived from the message: a redelivery after a crash finds the same id and finishes the job.
        var newId = StableId.From("cus", message.Source, message.ProviderMessageId);
        var owner = await index.ClaimAsync(identities[0], newId, ct);
        if (owner != newId)
        {
            return null;
        }

        // The other identities are claimed before the profile is written, so it is written once with all it won
        // (an update and two reads fewer per new customer). An identity that another contact claimed meanwhile is
        // settled by the next pass (linked or merged), as for a known customer.
        List<ContactIdentity> won = [identities[0]];
        foreach (var identity in identities.Skip(1))
        {
            if (await index.ClaimAsync(identity, newId, ct) == newId)
            {
                won.Add(identity);
            }
        }

        var customer = new Customer
        {
            Id = newId,
            CreatedAt = clock.GetUtcNow(),
            DisplayName = message.DisplayName,
            Identities = won,
        };
        // Created by this call, the profile is used as written (one read less per new customer); else a crash after an
        // earlier try wrote it, and it is read as it now is.
        // The pointer goes with the profile only when every identity was won: one lost means a merge on the next pass,
        // which moves the other customer's open conversation here only while this one has none.
        var created = (opens is not null && won.Count == identities.Count
            ? await customers.CreateWithOpenConversationAsync(customer, opens, ct)
            : await customers.CreateIfMissingAsync(customer, ct)) && customer.Version is not null;
        log.LogInformation("Created customer {CustomerId} from {Source} message {ProviderMessageId}", newId, message.Source, message.ProviderMessageId);
        customer.FirstContact = created;
        return created ? customer : await customers.GetAsync(newId, ct);
    }

    private async Task<Customer> ChooseTargetAsync(
        List<ContactIdentity> identities,
        Dictionary<ContactIdentity, Customer> owners,
        InboundMessage message,
        CancellationToken ct)
    {
        var distinct = owners.Values.DistinctBy(c => c.Id).ToList();
        if (distinct.Count == 1)
        {
            return distinct[0];
        }

        var accounts = distinct.Select(c => c.AccountId).OfType<string>().Distinct().ToList();
        if (accounts.Count > 1)
        {
            // One shared phone or browser must not fuse two account holders: the message goes to
            // the customer its own highest-ranking identity names, and an agent gets a suggestion.
            var target = owners[identities.First(owners.ContainsKey)];
            await SuggestAsync(target, distinct, owners, message, ct);
            return await customers.GetAsync(target.Id, ct) ?? target; // the suggestion changed it
        }

        var survivor = distinct.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).First();
        foreach (var loser in distinct.Where(c => c.Id != survivor.Id))
        {
            var matched = owners.Where(o => o.Value.Id == loser.Id || o.Value.Id == survivor.Id).Select(o => o.Key).ToList();
            await merge.MergeAsync(survivor.Id, loser.Id, new MergeEvidence(matched, message.Source, message.ProviderMessageId, "identity-resolution"), ct);
        }

        return await customers.GetAsync(survivor.Id, ct) ?? survivor;
    }

    private async Task SuggestAsync(
        Customer target,
        List<Customer> distinct,
        Dictionary<ContactIdentity, Customer> owners,
        InboundMessage message,
        CancellationToken ct)
    {
        foreach (var other in distinct.Where(c => c.Id != target.Id))
        {
            var matched = owners.Where(o => o.Value.Id == other.Id).Select(o => o.Key.Kind).ToList();
            foreach (var (fromId, toId) in new[] { (target.Id, other.Id), (other.Id, target.Id) })
            {
                await Retry.OnConflictAsync(async () =>
                {
                    var customer = await customers.GetAsync(fromId, ct);
                    if (customer is null || customer.MergeSuggestions.Any(s => s.OtherCustomerId == toId))
                    {
                        return;
                    }

                    customer.MergeSuggestions.Add(new MergeSuggestion(
                        toId,
                        "Both profiles hold a different account id; a message carried identities of both.",
                        matched,
                        message.ProviderMessageId,
                        clock.GetUtcNow()));
                    await customers.UpdateAsync(customer, ct);
                });
            }

            log.LogInformation("Merge suggested between {CustomerId} and {OtherCustomerId}: different account ids", target.Id, other.Id);
        }
    }

    /// <summary>Claims the message's unowned identities for the target: the customer as it now is, or null when a claim lost a race (resolve again).</summary>
    private async Task<Customer?> LinkUnclaimedAsync(
        Customer target,
        List<ContactIdentity> identities,
        Dictionary<ContactIdentity, Customer> owners,
        InboundMessage message,
        CancellationToken ct)
    {
        var linked = new List<ContactIdentity>();
        foreach (var identity in identities)
        {
            if (owners.TryGetValue(identity, out var owner))
            {
                if (owner.Id == target.Id && !target.Has(identity))
                {
                    linked.Add(identity); // claimed earlier, profile not yet updated (a crash in between)
                }

                continue;
            }

            if (target.Has(identity))
            {
                continue; // a profile lists an identity only after it was claimed for it (a first contact lists all it won)
            }

            var winner = await index.ClaimAsync(identity, target.Id, ct);
            if (winner != target.Id)
            {
                return null;
            }

            linked.Add(identity);
        }

        if (linked.Count == 0 && (target.DisplayName is not null || message.DisplayName is null))
        {
            return target;
        }

        await Retry.OnConflictAsync(async () =>
        {
            var current = await customers.GetAsync(target.Id, ct) ?? target;
            current.Identities.AddRange(linked.Where(i => !current.Has(i)));
            current.DisplayName ??= message.DisplayName;
            await customers.UpdateAsync(current, ct);
        });
        return await customers.GetAsync(target.Id, ct) ?? target;
    }
}
