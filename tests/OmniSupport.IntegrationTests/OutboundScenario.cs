using System.Net;
using System.Net.Http.Json;
using OmniSupport.TestUtilities;
using WireMock.Logging;
using WireMock.Server;

namespace OmniSupport.IntegrationTests;

public sealed record ReplyAcceptedDto(string EventId, string OutboundId, string ConversationId, string CustomerId, string Channel, string Status);

public sealed record OutboxEntryDto(string OutboundId, string Channel, string To, string? ConversationId, string? Subject, string? Text, string Actor, List<string> InReplyTo, Dictionary<string, string> Metadata);

/// <summary>Steps the outbound tests share: answer a conversation, wait for the send's outcome on the timeline.</summary>
public static class OutboundScenario
{
    /// <summary>Settings that keep the senders' retry backoff in milliseconds.</summary>
    public static void FastRetries(this HubFactory hub)
    {
        hub.Settings["Channels:Outbound:Http:MaxRetryAttempts"] = "3";
        hub.Settings["Channels:Outbound:Http:RetryBaseDelayMilliseconds"] = "5";
        hub.Settings["Channels:Outbound:Http:AttemptTimeoutSeconds"] = "5";
        hub.Settings["Channels:Outbound:Http:TotalTimeoutSeconds"] = "30";
    }

    public static object Email(string messageId, string from, string subject, string text, Dictionary<string, string>? metadata = null) => new
    {
        channel = "email",
        messageId,
        sentAt = DateTimeOffset.UtcNow,
        from = new { email = from },
        subject,
        text,
        metadata,
    };

    public static Task<HttpResponseMessage> PostReplyAsync(this HubFactory hub, string conversationId, object body, string key = HubFactory.WriteKey) =>
        hub.Api(key).PostAsJsonAsync($"/api/conversations/{conversationId}/replies", body);

    public static async Task<ReplyAcceptedDto> ReplyAsync(this HubFactory hub, string conversationId, object body)
    {
        var response = await hub.PostReplyAsync(conversationId, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.ReadAsync<ReplyAcceptedDto>();
    }

    /// <summary>Waits until the outbound event shows the status (sent, failed, delivered…).</summary>
    public static Task<TimelineEventDto> OutboundEventAsync(this HubFactory hub, ReplyAcceptedDto reply, string status) =>
        Eventually.GetAsync(
            async () => (await hub.TimelineAsync(reply.CustomerId)).Events.FirstOrDefault(e => e.Id == reply.EventId),
            e => e.Metadata.GetValueOrDefault("status") == status,
            because: $"reply {reply.OutboundId} to become {status}")!;

    public static Task<ILogEntry> RequestToAsync(this WireMockServer server, string path) =>
        Eventually.GetAsync(
            () => Task.FromResult(server.LogEntries.FirstOrDefault(e => e.RequestMessage.Path == path)),
            because: $"a request to {path}")!;

    public static string Header(this ILogEntry entry, string name) =>
        entry.RequestMessage.Headers!.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value.ToString()!;
}
