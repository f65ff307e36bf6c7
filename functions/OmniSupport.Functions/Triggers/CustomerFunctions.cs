using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;

namespace OmniSupport.Functions.Triggers;

public sealed class CustomerFunctions(CustomerEndpoints endpoints)
{
    [Function("FindCustomer")]
    public Task<IResult> Find(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Customers)] HttpRequest request,
        CancellationToken ct) => endpoints.FindAsync(request, ct);

    [Function("GetCustomer")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Customer)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.GetAsync(request, id, ct);

    [Function("GetCustomerTimeline")]
    public Task<IResult> Timeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CustomerTimeline)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.TimelineAsync(request, id, ct);

    [Function("LinkCustomerIdentity")]
    public Task<IResult> LinkIdentity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CustomerIdentities)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.LinkIdentityAsync(request, id, ct);
}
