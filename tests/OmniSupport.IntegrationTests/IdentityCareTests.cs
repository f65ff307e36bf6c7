using System.Net;
using System.Net.Http.Json;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class IdentityCareTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task An_agent_merges_two_profiles_with_a_reason_and_unmerge_restores_both()
    {
        var older = await _hub.CustomerWithMessageAsync("care-1", "pat@example.com");
        await _hub.PostAcceptedAsync(Scenario.Message("care-2", "sms", "texting", phone: "+14155550190"));
        var younger = await _hub.CustomerByAsync("phone", "+14155550190");
        var youngerConversation = await _hub.OpenConversationIdAsync(younger.Id, "care-2");
        var tagged = await _hub.Api(HubFactory.WriteKey).PatchAsJsonAsync($"/api/customers/{younger.Id}/attributes", new { plan = "family", locale = "es" });
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);

        var merge = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/customers/merge", new { survivorId = older.Id, mergedId = younger.Id, reason = "Same person, confirmed on a call" });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        Assert.Equal(older.Id, (await _hub.CustomerByAsync("phone", "+14155550190")).Id);
        var merged = await _hub.TimelineAsync(older.Id);
        var mergeEvent = Assert.Single(merged.Events, e => e.Metadata.GetValueOrDefault("action") == "merge");
        Assert.Equal("api-key:writer", mergeEvent.Metadata["actor"]);
        Assert.Equal("Same person, confirmed on a call", mergeEvent.Metadata["reason"]);
        Assert.Equal("plan,locale", mergeEvent.Metadata["copiedAttributes"]);

        // An agent changes one of the copied attributes on the survivor: that one is the survivor's now.
        await _hub.Api(HubFactory.WriteKey).PatchAsJsonAsync($"/api/customers/{older.Id}/attributes", new { locale = "en" });

        var unmerge = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/customers/{younger.Id}/unmerge", new { reason = "Two people sharing a phone" });

        Assert.Equal(HttpStatusCode.OK, unmerge.StatusCode);
        var restored = await (await _hub.Api().GetAsync($"/api/customers/{younger.Id}")).ReadAsync<CustomerDto>();
        var survivor = await (await _hub.Api().GetAsync($"/api/customers/{older.Id}")).ReadAsync<CustomerDto>();
        Assert.Null(restored.MergedInto);
        Assert.DoesNotContain(younger.Id, survivor.MergedFrom);
        Assert.DoesNotContain(survivor.Identities, i => i.Kind == "phone");
        Assert.Equal(new Dictionary<string, string> { ["locale"] = "en" }, survivor.Attributes); // "plan" went back, the changed "locale" stayed
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "family", ["locale"] = "es" }, restored.Attributes);
        Assert.Equal(younger.Id, (await _hub.CustomerByAsync("phone", "+14155550190")).Id);
        Assert.Equal(younger.Id, (await _hub.ConversationAsync(youngerConversation)).CustomerId);
        var unmergeEvent = Assert.Single((await _hub.TimelineAsync(younger.Id)).Events, e => e.Metadata.GetValueOrDefault("action") == "unmerge");
        Assert.Equal("Two people sharing a phone", unmergeEvent.Metadata["reason"]);
        Assert.Equal("api-key:writer", unmergeEvent.Metadata["actor"]);
        Assert.Contains((await _hub.TimelineAsync(older.Id)).Events, e => e.Metadata.GetValueOrDefault("action") == "unmerge");

        // The next text from the phone goes to the restored profile's conversation again.
        await _hub.PostAcceptedAsync(Scenario.Message("care-3", "sms", "me again", phone: "+14155550190"));
        var after = await _hub.TimelineWithAsync(younger.Id, "care-3");
        Assert.Equal(youngerConversation, after.Events.Single(e => e.ProviderMessageId == "care-3").ConversationId);
    }

    [Fact]
    public async Task Merge_without_a_reason_or_unmerge_of_a_live_profile_is_refused()
    {
        var customer = await _hub.CustomerWithMessageAsync("care-4", "solo@example.com");

        var noReason = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/customers/merge", new { survivorId = customer.Id, mergedId = "cus_other" });
        var notMerged = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/customers/{customer.Id}/unmerge", new { reason = "oops" });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notMerged.StatusCode);
    }
}
