using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Api.Endpoints;

public sealed record LinkIdentityRequest(string? Kind, string? Value);

/// <summary>The helpdesk's customer endpoints; each calls one use case.</summary>
public sealed class CustomerEndpoints(
    ApiPipeline pipeline,
    GetCustomer getCustomer,
    FindCustomer findCustomer,
    ReadTimeline readTimeline,
    LinkIdentity linkIdentity)
{
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            principal.Touches(id);
            return TypedResults.Ok(await getCustomer.GetAsync(id, ct));
        });

    /// <summary><c>GET /api/customers?email=|phone=|account=</c>, or <c>?kind=x&amp;value=…</c> for any other handle.</summary>
    public Task<IResult> FindAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            var (kind, value) = new[] { IdentityKinds.Email, IdentityKinds.Phone, IdentityKinds.Account }
                .Select(k => (Kind: k, Value: request.Query[k].ToString()))
                .FirstOrDefault(q => !string.IsNullOrWhiteSpace(q.Value));
            if (kind is null && !string.IsNullOrWhiteSpace(request.Query["kind"]) && !string.IsNullOrWhiteSpace(request.Query["value"]))
            {
                (kind, value) = (request.Query["kind"].ToString().Trim().ToLowerInvariant(), request.Query["value"].ToString());
            }

            if (kind is null)
            {
                return Problems.Create(400, "Missing query", "Give one of email, phone or account, or kind and value (kind=x&value=1234567).");
            }

            var customer = await findCustomer.FindAsync(kind, value, ct);
            principal.Touches(customer.Id);
            return TypedResults.Ok(customer);
        });

    /// <summary><c>GET /api/customers/{id}/timeline?pageSize=&amp;continuationToken=</c></summary>
    public Task<IResult> TimelineAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            principal.Touches(id);
            var pageSize = int.TryParse(request.Query["pageSize"], out var size) ? size : 50;
            var token = request.Query["continuationToken"].ToString();
            return TypedResults.Ok(await readTimeline.ReadAsync(id, pageSize, string.IsNullOrEmpty(token) ? null : token, ct));
        });

    /// <summary><c>POST /api/customers/{id}/identities</c> <c>{ "kind": "x", "value": "1234567" }</c></summary>
    public Task<IResult> LinkIdentityAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            principal.Touches(id);
            var body = await JsonBody.ReadAsync<LinkIdentityRequest>(request, ct);
            if (body is null || string.IsNullOrWhiteSpace(body.Kind) || string.IsNullOrWhiteSpace(body.Value))
            {
                return Problems.Create(400, "Malformed body", "Send JSON { \"kind\": \"x\", \"value\": \"…\" }.");
            }

            return TypedResults.Ok(await linkIdentity.LinkAsync(id, body.Kind, body.Value, principal.Actor, ct));
        });
}
