using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;
using OmniSupport.Console;

namespace OmniSupport.Functions.Triggers;

/// <summary>
/// The console: its files from one trigger (at <c>/api/console/</c>: Functions puts every HTTP trigger
/// under its route prefix), the sign-in session, and the supervisors' queue stream.
/// </summary>
public sealed class ConsoleFunctions(SessionEndpoints sessions, SlaEndpoints sla)
{
    [Function("ConsoleFiles")]
    public IResult Files(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ConsoleFiles.FunctionsRoute)] HttpRequest request, string? path) =>
        ConsoleFiles.Serve(request.HttpContext, path);

    [Function("CreateSession")]
    public Task<IResult> CreateSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Session)] HttpRequest request, CancellationToken ct) =>
        sessions.CreateAsync(request, ct);

    [Function("GetSession")]
    public Task<IResult> GetSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Session)] HttpRequest request, CancellationToken ct) =>
        sessions.GetAsync(request, ct);

    [Function("DeleteSession")]
    public Task<IResult> DeleteSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.Session)] HttpRequest request, CancellationToken ct) =>
        sessions.DeleteAsync(request, ct);

    [Function("StreamQueues")]
    public Task<IResult> StreamQueues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.QueuesStream)] HttpRequest request, CancellationToken ct) =>
        sla.StreamQueuesAsync(request, ct);
}
