using Microsoft.AspNetCore.Http;
using OmniSupport.Storage;

namespace OmniSupport.Api.Endpoints;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 when it does not (the host maps the storage fault). No key needed.</summary>
public sealed class HealthEndpoint(StorageClients storage)
{
    public async Task<IResult> GetAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await storage.Queue(storage.Names.InboundQueue).GetPropertiesAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("Storage did not answer the health check in time.");
        }

        return TypedResults.Ok(new HealthReport("healthy", "ok"));
    }
}
