using System.Net;
using System.Net.Http.Json;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>Steps the ingest tests share: post a message, wait until the timeline shows it.</summary>
public static class Scenario
{
    public static object Message(string id, string channel, string text, string? email = null, string? phone = null,
        string? account = null, Dictionary<string, string>? handles = null, string? name = null, DateTimeOffset? sentAt = null) => new
        {
            channel,
            messageId = id,
            sentAt = sentAt ?? DateTimeOffset.UtcNow,
            from = new { name, email, phone, account, handles },
            text,
        };

    public static async Task PostAcceptedAsync(this HubFactory hub, object envelope)
    {
        var response = await hub.PostGenericAsync(envelope);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public static async Task<CustomerDto> CustomerByAsync(this HubFactory hub, string kind, string value)
    {
        return await Eventually.GetAsync(async () =>
        {
            var query = kind is "email" or "phone" or "account" ? $"{kind}={Uri.EscapeDataString(value)}" : $"kind={kind}&value={Uri.EscapeDataString(value)}";
            var response = await hub.Api().GetAsync($"/api/customers?{query}");
            return response.IsSuccessStatusCode ? await response.ReadAsync<CustomerDto>() : null;
        }, because: $"a customer with {kind} {value}");
    }

    public static async Task<TimelinePageDto> TimelineAsync(this HubFactory hub, string customerId, int pageSize = 50, string? token = null)
    {
        var url = $"/api/customers/{customerId}/timeline?pageSize={pageSize}" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
        var response = await hub.Api().GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<TimelinePageDto>();
    }

    /// <summary>Waits until the customer's timeline holds an inbound event for each of the provider message ids.</summary>
    public static Task<TimelinePageDto> TimelineWithAsync(this HubFactory hub, string customerId, params string[] providerMessageIds) =>
        Eventually.GetAsync(
            () => hub.TimelineAsync(customerId)!,
            page => providerMessageIds.All(id => page.Events.Any(e => e.ProviderMessageId == id)),
            because: "the messages to reach the timeline")!;

    public static async Task<ConversationDto> ConversationAsync(this HubFactory hub, string id) =>
        await hub.Api().GetFromJsonAsync<ConversationDto>($"/api/conversations/{id}") ?? throw new InvalidOperationException();
}
