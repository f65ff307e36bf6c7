using Microsoft.AspNetCore.Http;
using OmniSupport.Storage;

namespace OmniSupport.Api.Endpoints;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not. No key needed.</summary>
public sealed class HealthEndpoint(ApiPipeline pipeline, StorageClients storage)
{
    public Task<IResult> GetAsync(CancellationToken ct) =>
        pipeline.GuardAsync(async () =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await storage.Queue(storage.Names.InboundQueue).GetPropertiesAsync(timeout.Token);
            return TypedResults.Ok(new HealthReport("healthy", "ok"));
        });
}
