using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Abstractions;
using OmniSupport.Storage.Tables;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class RedeliveryAndPoisonTests(AzuriteFixture azurite)
{
    private static void FailAppends(HubFactory hub, Func<int, bool> failOnTry, string messageId, Action<FailingTimelineStore> capture)
    {
        hub.TestServices = services =>
        {
            services.AddSingleton<ITimelineStore>(sp =>
            {
                var tries = 0;
                var store = new FailingTimelineStore(
                    ActivatorUtilities.CreateInstance<TableTimelineStore>(sp),
                    e => e.ProviderMessageId == messageId && failOnTry(Interlocked.Increment(ref tries)));
                capture(store);
                return store;
            });
        };
    }

    [Fact]
    public async Task A_worker_that_throws_after_dedupe_but_before_the_append_completes_the_message_exactly_once_on_redelivery()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);
        FailingTimelineStore? store = null;
        FailAppends(hub, tryNumber => tryNumber == 1, "crash-1", s => store = s);

        await hub.PostAcceptedAsync(Scenario.Message("crash-1", "sms", "Will this survive?", phone: "+14155550142"));
        var customer = await hub.CustomerByAsync("phone", "+14155550142");
        var timeline = await hub.TimelineWithAsync(customer.Id, "crash-1");
        await Eventually.GetAsync(async () => await hub.CountAsync("inbound") == 0 ? "drained" : null);

        Assert.Equal(1, store!.Failures);
        Assert.Single(timeline.Events, e => e.ProviderMessageId == "crash-1");
        Assert.Single((await hub.TimelineAsync(customer.Id)).Events, e => e.ProviderMessageId == "crash-1");
        Assert.Equal(0, await hub.CountAsync("inbound-poison"));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_lands_in_poison_and_a_replay_delivers_it()
    {
        var failing = true;
        await using var hub = new HubFactory(azurite.ConnectionString);
        FailAppends(hub, _ => Volatile.Read(ref failing), "poison-1", _ => { });

        await hub.PostAcceptedAsync(Scenario.Message("poison-1", "chat", "Stuck message", email: "stuck@example.com"));
        var listed = await Eventually.GetAsync(async () =>
        {
            var list = await (await hub.Api().GetAsync("/api/admin/poison")).ReadAsync<List<PoisonDto>>();
            return list.Count > 0 ? list : null;
        }, TimeSpan.FromSeconds(60), "the message to reach the poison queue");
        var poisoned = Assert.Single(listed);
        Assert.Equal("generic", poisoned.Provider);

        Volatile.Write(ref failing, false);
        var replay = await hub.Api().PostAsync($"/api/admin/poison/{poisoned.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);

        var customer = await hub.CustomerByAsync("email", "stuck@example.com");
        await hub.TimelineWithAsync(customer.Id, "poison-1");
        Assert.Empty(await (await hub.Api().GetAsync("/api/admin/poison")).ReadAsync<List<PoisonDto>>());
    }

    [Fact]
    public async Task Replaying_an_unknown_poison_message_is_404()
    {
        await using var hub = new HubFactory(azurite.ConnectionString);

        var response = await hub.Api().PostAsync("/api/admin/poison/no-such-id/replay", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public sealed record PoisonDto(string Id, string Provider, int MessageCount);
}
