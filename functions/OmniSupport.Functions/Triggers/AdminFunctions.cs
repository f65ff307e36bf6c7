using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;

namespace OmniSupport.Functions.Triggers;

public sealed class AdminFunctions(AdminEndpoints endpoints, HealthEndpoint health)
{
    [Function("Health")]
    public Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest request,
        CancellationToken ct) => health.GetAsync(ct);

    [Function("ListPoison")]
    public Task<IResult> ListPoison(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Poison)] HttpRequest request,
        CancellationToken ct) => endpoints.ListPoisonAsync(request, ct);

    [Function("ReplayPoison")]
    public Task<IResult> ReplayPoison(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PoisonReplay)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.ReplayPoisonAsync(request, id, ct);
}
