using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Common;
using OmniSupport.Core.Events;

namespace OmniSupport.Api.Endpoints;

public sealed record SubscriptionRequest(string? Url, string? Secret, List<string>? EventTypes);

/// <summary>Helpdesk subscriptions to conversation events (admin scope: a subscription receives customer data).</summary>
public sealed class SubscriptionEndpoints(ApiPipeline pipeline, CreateSubscription create, ISubscriptionStore store)
{
    /// <summary><c>POST /api/subscriptions</c> <c>{ "url": "https://desk/hooks", "secret": "…", "eventTypes": ["conversation.resolved"] }</c></summary>
    public Task<IResult> CreateAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async principal =>
        {
            var body = await JsonBody.ReadAsync<SubscriptionRequest>(request, ct);
            if (body is null)
            {
                return Problems.Create(400, "Malformed body", "Send JSON { \"url\": \"https://…\", \"secret\": \"…\", \"eventTypes\": [\"conversation.resolved\"] }.");
            }

            var subscription = await create.CreateAsync(body.Url, body.Secret, body.EventTypes, principal.Actor, ct);
            return Results.Json(View(subscription), statusCode: 201);
        });

    public Task<IResult> ListAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ => TypedResults.Ok((await store.ListAsync(ct)).Select(View).ToList()));

    public Task<IResult> DeleteAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
            await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : throw new NotFoundException($"Subscription {id}"));

    /// <summary><c>GET /api/subscriptions/{id}/deliveries</c>: newest first, with each one's tries and last answer.</summary>
    public Task<IResult> DeliveriesAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
        {
            if (await store.GetAsync(id, ct) is null)
            {
                throw new NotFoundException($"Subscription {id}");
            }

            return TypedResults.Ok(await store.ListDeliveriesAsync(id, 200, ct));
        });

    private static SubscriptionView View(Subscription s) => new(s.Id, s.Url, s.EventTypes, s.CreatedAt, s.CreatedBy);
}
