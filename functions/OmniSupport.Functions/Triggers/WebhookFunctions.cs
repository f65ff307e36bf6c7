using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;

namespace OmniSupport.Functions.Triggers;

public sealed class WebhookFunctions(WebhookEndpoint endpoint)
{
    [Function("Webhook")]
    public Task<IResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "options", Route = Routes.Webhook)] HttpRequest request,
        string provider,
        string? path,
        CancellationToken ct) => endpoint.HandleAsync(request, provider, path, ct);
}
