using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Abstractions;

namespace OmniSupport.Api.Endpoints;

/// <summary>Operators' endpoints: the poison queue.</summary>
public sealed class AdminEndpoints(ApiPipeline pipeline, IPoisonQueue poison)
{
    public Task<IResult> ListPoisonAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ => TypedResults.Ok(await poison.ListAsync(ct)));

    public Task<IResult> ReplayPoisonAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
            await poison.ReplayAsync(id, ct)
                ? TypedResults.Accepted((string?)null, new PoisonReplay(id, true))
                : Problems.Create(404, "Not found", $"No poison message {id} is waiting."));
}
