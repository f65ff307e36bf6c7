using System.Net;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class IngestPipelineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Sms_and_email_from_the_same_person_land_on_one_customer_and_one_conversation()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("sms-1", "sms", "Order 1234 has not arrived", phone: "(415) 555-0100"));
        var bySms = await _hub.CustomerByAsync("phone", "+14155550100");
        await _hub.TimelineWithAsync(bySms.Id, "sms-1");

        await _hub.PostAcceptedAsync(Scenario.Message("mail-1", "email", "Following up on order 1234", email: " Ana@Example.com ", phone: "+1 415 555 0100", name: "Ana"));
        var byEmail = await _hub.CustomerByAsync("email", "ana@example.com");
        var timeline = await _hub.TimelineWithAsync(byEmail.Id, "sms-1", "mail-1");

        Assert.Equal(bySms.Id, byEmail.Id);
        Assert.Contains(byEmail.Identities, i => i is { Kind: "email", Value: "ana@example.com" });
        var conversationIds = timeline.Events.Where(e => e.Direction == "inbound").Select(e => e.ConversationId).Distinct().ToList();
        var conversation = await _hub.ConversationAsync(Assert.Single(conversationIds)!);
        Assert.Equal(["sms", "email"], conversation.Channels);
        Assert.Equal("email", conversation.LastInboundChannel);
    }

    [Fact]
    public async Task The_same_provider_message_delivered_twice_yields_one_timeline_event()
    {
        var message = Scenario.Message("dup-1", "chat", "Hello twice", email: "twice@example.com");
        await _hub.PostAcceptedAsync(message);
        await _hub.PostAcceptedAsync(message);
        var customer = await _hub.CustomerByAsync("email", "twice@example.com");
        await _hub.TimelineWithAsync(customer.Id, "dup-1");

        await Eventually.GetAsync(async () => await _hub.CountAsync("inbound") == 0 ? "drained" : null, because: "both deliveries to be processed");
        var timeline = await _hub.TimelineAsync(customer.Id);

        Assert.Single(timeline.Events, e => e.ProviderMessageId == "dup-1");
    }

    [Fact]
    public async Task Twenty_concurrent_first_contacts_with_one_email_yield_one_customer()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"rush-{i}").ToArray();
        var responses = await Task.WhenAll(ids.Select(id =>
            _hub.PostGenericAsync(Scenario.Message(id, "chat", "Is anyone there?", email: "rush@example.com"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        var customer = await _hub.CustomerByAsync("email", "rush@example.com");
        var timeline = await _hub.TimelineWithAsync(customer.Id, ids);

        Assert.Equal(20, timeline.Events.Count(e => e.Direction == "inbound"));
        Assert.Single(timeline.Events.Select(e => e.CustomerId).Distinct());
        Assert.Single(timeline.Events.Where(e => e.Direction == "inbound").Select(e => e.ConversationId).Distinct());
    }

    [Fact]
    public async Task A_message_with_identities_of_two_customers_merges_them_and_loses_nothing()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("m-email", "email", "First by email", email: "bo@example.com"));
        var older = await _hub.CustomerByAsync("email", "bo@example.com");
        await _hub.TimelineWithAsync(older.Id, "m-email");
        await _hub.PostAcceptedAsync(Scenario.Message("m-sms", "sms", "Then by SMS", phone: "+442071838750"));
        var younger = await _hub.CustomerByAsync("phone", "+442071838750");
        await _hub.TimelineWithAsync(younger.Id, "m-sms");
        Assert.NotEqual(older.Id, younger.Id);

        await _hub.PostAcceptedAsync(Scenario.Message("m-both", "chat", "Chat with both", email: "bo@example.com", phone: "+44 20 7183 8750"));
        var timeline = await _hub.TimelineWithAsync(older.Id, "m-email", "m-sms", "m-both");

        var survivor = await _hub.CustomerByAsync("phone", "+442071838750");
        Assert.Equal(older.Id, survivor.Id);
        Assert.Contains(younger.Id, survivor.MergedFrom);
        var mergedAway = await (await _hub.Api().GetAsync($"/api/customers/{younger.Id}")).ReadAsync<CustomerDto>();
        Assert.Equal(older.Id, mergedAway.MergedInto);
        var merge = Assert.Single(timeline.Events, e => e.Metadata.GetValueOrDefault("action") == "merge");
        Assert.Equal("m-both", merge.Metadata["evidenceMessageId"]);
        Assert.Contains("phone", merge.Metadata["matched"]);
        var youngerTimeline = await _hub.TimelineAsync(younger.Id);
        Assert.Equal(timeline.Events.Select(e => e.Id), youngerTimeline.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Customers_holding_different_account_ids_are_not_merged_and_an_agent_gets_a_suggestion()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("acc-1", "chat", "Account one", account: "ACC-1", phone: "+14155550111"));
        var first = await _hub.CustomerByAsync("account", "ACC-1");
        await _hub.TimelineWithAsync(first.Id, "acc-1");
        await _hub.PostAcceptedAsync(Scenario.Message("acc-2", "chat", "Account two", account: "ACC-2", email: "shared@example.com"));
        var second = await _hub.CustomerByAsync("account", "ACC-2");
        await _hub.TimelineWithAsync(second.Id, "acc-2");

        // One shared phone now carries the second account's email.
        await _hub.PostAcceptedAsync(Scenario.Message("shared-1", "sms", "From the shared phone", account: "ACC-2", phone: "+14155550111", email: "shared@example.com"));
        await _hub.TimelineWithAsync(second.Id, "shared-1");

        var firstAfter = await (await _hub.Api().GetAsync($"/api/customers/{first.Id}")).ReadAsync<CustomerDto>();
        var secondAfter = await (await _hub.Api().GetAsync($"/api/customers/{second.Id}")).ReadAsync<CustomerDto>();
        Assert.Null(firstAfter.MergedInto);
        Assert.Null(secondAfter.MergedInto);
        Assert.Contains(secondAfter.MergeSuggestions, s => s.OtherCustomerId == first.Id && s.ProviderMessageId == "shared-1");
        Assert.Contains(firstAfter.MergeSuggestions, s => s.OtherCustomerId == second.Id);
        Assert.DoesNotContain((await _hub.TimelineAsync(first.Id)).Events, e => e.ProviderMessageId == "shared-1");
    }

    [Fact]
    public async Task Timeline_pages_newest_first_with_a_continuation_token()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 0; i < 5; i++)
        {
            await _hub.PostAcceptedAsync(Scenario.Message($"page-{i}", "chat", $"Message {i}", email: "pager@example.com", sentAt: start.AddMinutes(i)));
        }

        var customer = await _hub.CustomerByAsync("email", "pager@example.com");
        await _hub.TimelineWithAsync(customer.Id, "page-0", "page-1", "page-2", "page-3", "page-4");

        var first = await _hub.TimelineAsync(customer.Id, pageSize: 2);
        var second = await _hub.TimelineAsync(customer.Id, pageSize: 2, token: first.ContinuationToken);
        var third = await _hub.TimelineAsync(customer.Id, pageSize: 2, token: second.ContinuationToken);

        Assert.Equal(["page-4", "page-3"], first.Events.Select(e => e.ProviderMessageId));
        Assert.Equal(["page-2", "page-1"], second.Events.Select(e => e.ProviderMessageId));
        Assert.Equal(["page-0"], third.Events.Select(e => e.ProviderMessageId));
        Assert.Null(third.ContinuationToken);
    }
}
