using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;

namespace OmniSupport.Functions.Triggers;

/// <summary>The supervisor's SLA view (same handlers as the Server's routes).</summary>
public sealed class SlaFunctions(SlaEndpoints endpoints)
{
    [Function("GetConversationSla")]
    public Task<IResult> GetSla(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ConversationSla)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.GetSlaAsync(request, id, ct);

    [Function("ChangeConversationQueue")]
    public Task<IResult> ChangeQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ConversationQueue)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.ChangeQueueAsync(request, id, ct);

    [Function("GetQueues")]
    public Task<IResult> GetQueues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Queues)] HttpRequest request,
        CancellationToken ct) => endpoints.GetQueuesAsync(request, ct);

    [Function("ListCallbacks")]
    public Task<IResult> ListCallbacks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Callbacks)] HttpRequest request,
        CancellationToken ct) => endpoints.ListCallbacksAsync(request, ct);

    [Function("CloseCallback")]
    public Task<IResult> CloseCallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CallbackClose)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.CloseCallbackAsync(request, id, ct);

    [Function("SurveyReport")]
    public Task<IResult> SurveyReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SurveyReport)] HttpRequest request,
        CancellationToken ct) => endpoints.SurveyReportAsync(request, ct);
}
