using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Core.Tests;

public sealed class ResolveCustomerTests
{
    private static readonly ContactIdentity AnaEmail = new("email", "ana@example.com");
    private static readonly ContactIdentity AnaPhone = new("phone", "+14155550100");
    private readonly InMemoryCustomers _customers = new();
    private readonly InMemoryIdentities _identities = new();
    private readonly InMemoryConversations _conversations = new();
    private readonly InMemoryTimeline _timeline = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly ResolveCustomer _resolve;

    public ResolveCustomerTests()
    {
        var merge = new MergeCustomers(_customers, _identities, _conversations, _timeline, _clock, NullLogger<MergeCustomers>.Instance);
        var normalizer = new IdentityNormalizer(Options.Create(new IdentityOptions()));
        _resolve = new ResolveCustomer(_customers, _identities, normalizer, merge, _clock, NullLogger<ResolveCustomer>.Instance);
    }

    private static InboundMessage From(string id, params SenderIdentity[] from) => new()
    {
        Source = "test",
        ProviderMessageId = id,
        Channel = "chat",
        SentAt = DateTimeOffset.UtcNow,
        From = from,
    };

    [Fact]
    public async Task A_first_contact_creates_one_customer_holding_all_its_identities()
    {
        var customer = await _resolve.ResolveAsync(From("m1", new("email", "Ana@Example.com"), new("phone", "(415) 555-0100")), default);

        Assert.Equal([AnaEmail, AnaPhone], customer.Identities.OrderBy(i => i.Kind).ToList());
        Assert.Equal(customer.Id, _identities.Rows[AnaEmail]);
        Assert.Equal(customer.Id, _identities.Rows[AnaPhone]);
        Assert.Single(_customers.Rows);
        Assert.Equal(1, _customers.Rows[customer.Id].Version); // written once, with every identity it claimed
        Assert.Equal(2, _identities.Claims); // each identity claimed once
    }

    [Fact]
    public async Task A_known_identity_resolves_to_its_customer_and_new_identities_are_linked_to_it()
    {
        _customers.Seed("cus_ana", _clock.GetUtcNow(), AnaEmail);
        _identities.Rows[AnaEmail] = "cus_ana";

        var customer = await _resolve.ResolveAsync(From("m2", new("email", "ana@example.com"), new("x", "42")), default);

        Assert.Equal("cus_ana", customer.Id);
        Assert.Contains(new ContactIdentity("x", "42"), customer.Identities);
        Assert.Equal("cus_ana", _identities.Rows[new ContactIdentity("x", "42")]);
    }

    [Fact]
    public async Task Identities_of_two_customers_merge_them_into_the_older_one_without_deleting_anything()
    {
        _customers.Seed("cus_old", _clock.GetUtcNow().AddDays(-3), AnaEmail);
        _customers.Seed("cus_new", _clock.GetUtcNow(), AnaPhone);
        _identities.Rows[AnaEmail] = "cus_old";
        _identities.Rows[AnaPhone] = "cus_new";

        var survivor = await _resolve.ResolveAsync(From("m3", new("phone", "+14155550100"), new("email", "ana@example.com")), default);

        Assert.Equal("cus_old", survivor.Id);
        Assert.Equal(["cus_new"], survivor.MergedFrom);
        Assert.Contains(AnaPhone, survivor.Identities);
        Assert.Equal("cus_old", _customers.Rows["cus_new"].Customer.MergedInto);
        Assert.Equal("cus_old", _identities.Rows[AnaPhone]);
        Assert.Equal(2, _customers.Rows.Count);
        var records = _timeline.Rows.Values.Where(e => e.Metadata.GetValueOrDefault("action") == "merge").ToList();
        Assert.Equal(["cus_new", "cus_old"], records.Select(e => e.CustomerId).Order());
        Assert.All(records, e => Assert.Equal("m3", e.Metadata["evidenceMessageId"]));
    }

    [Fact]
    public async Task Two_customers_with_different_account_ids_are_never_merged_and_the_message_goes_to_the_account_it_names()
    {
        _customers.Seed("cus_a", _clock.GetUtcNow().AddDays(-3), new ContactIdentity("account", "A-1"), AnaPhone);
        _customers.Seed("cus_b", _clock.GetUtcNow(), new ContactIdentity("account", "B-2"), AnaEmail);
        _identities.Rows[new ContactIdentity("account", "A-1")] = "cus_a";
        _identities.Rows[AnaPhone] = "cus_a";
        _identities.Rows[new ContactIdentity("account", "B-2")] = "cus_b";
        _identities.Rows[AnaEmail] = "cus_b";

        var target = await _resolve.ResolveAsync(From("m4", new("phone", "+14155550100"), new("account", "B-2")), default);

        Assert.Equal("cus_b", target.Id);
        Assert.Null(_customers.Rows["cus_a"].Customer.MergedInto);
        Assert.Null(_customers.Rows["cus_b"].Customer.MergedInto);
        Assert.Equal("cus_a", _identities.Rows[AnaPhone]);
        Assert.Contains(target.MergeSuggestions, s => s.OtherCustomerId == "cus_a" && s.ProviderMessageId == "m4");
        Assert.Contains(_customers.Rows["cus_a"].Customer.MergeSuggestions, s => s.OtherCustomerId == "cus_b");
    }

    [Fact]
    public async Task A_merged_away_customer_is_followed_to_its_survivor()
    {
        _customers.Seed("cus_old", _clock.GetUtcNow().AddDays(-3), AnaEmail, AnaPhone);
        _customers.Seed("cus_gone", _clock.GetUtcNow(), AnaPhone);
        _customers.Rows["cus_gone"].Customer.MergedInto = "cus_old";
        _identities.Rows[AnaPhone] = "cus_gone"; // a merge that stopped before re-pointing

        var customer = await _resolve.ResolveAsync(From("m5", new SenderIdentity("phone", "+14155550100")), default);

        Assert.Equal("cus_old", customer.Id);
    }

    [Fact]
    public async Task A_message_without_any_valid_identity_is_refused()
    {
        var error = await Assert.ThrowsAsync<DomainRuleException>(() => _resolve.ResolveAsync(From("m6", new SenderIdentity("email", "nope")), default));

        Assert.Equal(400, error.StatusCode);
        Assert.Empty(_customers.Rows);
    }

    [Fact]
    public async Task Concurrent_first_contacts_with_one_email_create_one_customer()
    {
        var customers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => _resolve.ResolveAsync(From($"c{i}", new SenderIdentity("email", "rush@example.com")), default))));

        Assert.Single(customers.Select(c => c.Id).Distinct());
        Assert.Single(_customers.Rows.Values, r => r.Customer.Identities.Count > 0);
    }
}
