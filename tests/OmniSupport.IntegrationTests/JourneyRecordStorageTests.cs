using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Analytics;
using OmniSupport.Storage.Tables;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>The journey record under redelivery, and the Journeys table's windows and pages, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class JourneyRecordStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_message_redelivered_after_a_crash_past_the_journey_write_counts_one_contact_and_keeps_its_step()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        FailingTimelineStore? failing = null;
        hub.TestServices = services => services.AddSingleton<ITimelineStore>(sp =>
        {
            var tries = 0;
            return failing = new FailingTimelineStore(ActivatorUtilities.CreateInstance<TableTimelineStore>(sp),
                e => e.ProviderMessageId == "jr-1" && Interlocked.Increment(ref tries) == 1);
        });

        await hub.PostAcceptedAsync(Scenario.Message("jr-1", "sms", "Is my parcel lost?", phone: "+14155550177"));
        var customer = await hub.CustomerByAsync("phone", "+14155550177");
        await hub.TimelineWithAsync(customer.Id, "jr-1");
        await hub.PostAcceptedAsync(Scenario.Message("jr-2", "email", "Order number attached", phone: "+14155550177", email: "parcel@example.com"));
        var timeline = await hub.TimelineWithAsync(customer.Id, "jr-1", "jr-2");
        var conversationId = timeline.Events.First(e => e.ProviderMessageId == "jr-1").ConversationId!;
        var resolve = await hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{conversationId}/resolve", new { code = "resolved", recollected = false });
        resolve.EnsureSuccessStatusCode();

        var record = await hub.Services.GetRequiredService<IJourneyStore>().GetAsync(conversationId, CancellationToken.None);
        Assert.Equal(1, failing!.Failures);
        Assert.Equal("1", timeline.Events.Single(e => e.ProviderMessageId == "jr-1").Metadata["journey_step"]);
        Assert.Equal("2", timeline.Events.Single(e => e.ProviderMessageId == "jr-2").Metadata["journey_step"]);
        Assert.Equal(2, record!.Contacts);
        Assert.Equal(2, record.Steps.Count);
        Assert.Equal("sms>email", record.Path);
    }

    [Fact]
    public async Task A_conversation_open_across_an_upgrade_keeps_the_journey_an_older_version_stored_in_the_Journeys_table()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        await hub.PostAcceptedAsync(Scenario.Message("up-1", "sms", "Is my parcel lost?", phone: "+14155550178"));
        var customer = await hub.CustomerByAsync("phone", "+14155550178");
        var conversationId = (await hub.TimelineWithAsync(customer.Id, "up-1")).Events.Single().ConversationId!;

        // Where the record was before it moved beside its conversation.
        var clients = hub.Services.GetRequiredService<OmniSupport.Storage.StorageClients>();
        var conversations = clients.Table(clients.Names.Conversations);
        var journeys = clients.Table(clients.Names.Journeys);
        var live = (await conversations.GetEntityAsync<Azure.Data.Tables.TableEntity>(conversationId, "journey")).Value;
        var older = new Azure.Data.Tables.TableEntity("c_" + conversationId, "record");
        foreach (var (name, value) in live.Where(p => p.Key.StartsWith("Data", StringComparison.Ordinal)))
        {
            older[name] = value;
        }

        await journeys.UpsertEntityAsync(older);
        await conversations.DeleteEntityAsync(conversationId, "journey");

        await hub.PostAcceptedAsync(Scenario.Message("up-2", "email", "Order number attached", phone: "+14155550178", email: "upgrade@example.com"));
        var timeline = await hub.TimelineWithAsync(customer.Id, "up-1", "up-2");
        var resolve = await hub.Api(HubFactory.WriteKey).PostAsJsonAsync($"/api/conversations/{conversationId}/resolve", new { code = "resolved", recollected = false });
        resolve.EnsureSuccessStatusCode();

        Assert.Equal("2", timeline.Events.Single(e => e.ProviderMessageId == "up-2").Metadata["journey_step"]);
        var record = await hub.Services.GetRequiredService<IJourneyStore>().GetAsync(conversationId, CancellationToken.None);
        Assert.Equal(("sms>email", 2), (record!.Path, record.Contacts));
        Assert.NotNull(record.Version); // written beside its conversation now
    }

    [Fact]
    public async Task A_window_reads_only_its_days_and_the_drill_down_pages_across_days_in_resolution_order()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        var store = hub.Services.GetRequiredService<IJourneyStore>();
        var day1 = new DateTimeOffset(2026, 11, 1, 23, 0, 0, TimeSpan.Zero);
        var records = Enumerable.Range(0, 7).Select(i => Resolved($"cnv_{i}", day1.AddMinutes(20 * i), i == 3 ? "chat" : "email")).ToList();
        records.Add(Resolved("cnv_repeat", day1.AddMinutes(30), "email", repeatOf: "cnv_0"));
        records.Add(Resolved("cnv_before", day1.AddDays(-1), "email"));
        await store.ImportResolvedAsync(records, CancellationToken.None);

        var from = day1;
        var to = day1.AddMinutes(20 * 6); // exclusive: cnv_6 is outside
        var window = new List<string>();
        await foreach (var r in store.ReadResolvedAsync(from, to, CancellationToken.None))
        {
            window.Add(r.ConversationId);
        }

        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var page = await store.ReadPathAsync(from, to, "email", 2, token, CancellationToken.None);
            pages.Add(page.Items.Select(i => i.ConversationId).ToList());
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["cnv_0", "cnv_1", "cnv_repeat", "cnv_2", "cnv_3", "cnv_4", "cnv_5"], window);
        Assert.Equal([["cnv_0", "cnv_1"], ["cnv_2", "cnv_4"], ["cnv_5"]], pages);
    }

    private static JourneyRecord Resolved(string id, DateTimeOffset resolvedAt, string path, string? repeatOf = null) => new()
    {
        ConversationId = id,
        JourneyId = repeatOf ?? id,
        RepeatOf = repeatOf,
        CustomerId = "cus_" + id,
        OpenedAt = resolvedAt.AddMinutes(-10),
        ResolvedAt = resolvedAt,
        Path = path,
        Contacts = 1,
        ResolutionSeconds = 600,
    };
}
