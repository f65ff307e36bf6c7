using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;

namespace OmniSupport.Functions.Triggers;

/// <summary>Journey analytics: the metrics, the drill-down and the export.</summary>
public sealed class AnalyticsFunctions(AnalyticsEndpoints analytics)
{
    [Function("GetJourneyAnalytics")]
    public Task<IResult> Journeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AnalyticsJourneys)] HttpRequest request, CancellationToken ct) =>
        analytics.JourneysAsync(request, ct);

    [Function("ListJourneyConversations")]
    public Task<IResult> Conversations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AnalyticsJourneyConversations)] HttpRequest request, CancellationToken ct) =>
        analytics.ConversationsAsync(request, ct);

    [Function("ExportJourneys")]
    public Task<IResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AnalyticsJourneyExport)] HttpRequest request, CancellationToken ct) =>
        analytics.ExportAsync(request, ct);
}
