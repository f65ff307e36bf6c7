using System.Net.Http.Json;
using System.Text.Json;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>Steps the helpdesk tests share.</summary>
public static class Helpdesk
{
    /// <summary>A first message by email; returns the customer once the message is on the timeline.</summary>
    public static async Task<CustomerDto> CustomerWithMessageAsync(this HubFactory hub, string messageId, string email, string channel = "email", string text = "Hello")
    {
        await hub.PostAcceptedAsync(Scenario.Message(messageId, channel, text, email: email, name: "Test Person"));
        var customer = await hub.CustomerByAsync("email", email);
        await hub.TimelineWithAsync(customer.Id, messageId);
        return customer;
    }

    public static async Task<string> OpenConversationIdAsync(this HubFactory hub, string customerId, string messageId)
    {
        var timeline = await hub.TimelineWithAsync(customerId, messageId);
        return timeline.Events.First(e => e.ProviderMessageId == messageId).ConversationId!;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) });

    public static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, string because)
        where T : class => Eventually.GetAsync(probe, done, TimeSpan.FromSeconds(45), because);
}
