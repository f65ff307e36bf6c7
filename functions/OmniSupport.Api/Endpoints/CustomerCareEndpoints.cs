using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Routing;

namespace OmniSupport.Api.Endpoints;

public sealed record MergeRequest(string? SurvivorId, string? MergedId, string? Reason);

public sealed record UnmergeRequest(string? Reason);

/// <summary>Customer attributes and identity care (merge, unmerge).</summary>
public sealed class CustomerCareEndpoints(
    ApiPipeline pipeline,
    UpdateCustomerAttributes attributes,
    MergeCustomersByAgent merge,
    UnmergeCustomers unmerge)
{
    /// <summary><c>PATCH /api/customers/{id}/attributes</c> <c>{ "tier": "enterprise", "contractValue": "60000", "old": null }</c></summary>
    public Task<IResult> PatchAttributesAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            principal.Touches(id);
            var body = await JsonBody.ReadAsync<Dictionary<string, JsonElement>>(request, ct);
            if (body is null || body.Values.Any(v => v.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False)))
            {
                return Problems.Create(400, "Malformed body", "Send a JSON object of attribute names to strings, numbers, booleans or null (removes).");
            }

            var changes = body.ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => kv.Value.GetString(),
                _ => kv.Value.GetRawText(),
            });
            return TypedResults.Ok(await attributes.UpdateAsync(id, changes, principal.Actor, ct));
        });

    /// <summary><c>POST /api/customers/merge</c> <c>{ "survivorId": "…", "mergedId": "…", "reason": "…" }</c></summary>
    public Task<IResult> MergeAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            var body = await JsonBody.ReadAsync<MergeRequest>(request, ct);
            if (body is null || string.IsNullOrWhiteSpace(body.SurvivorId) || string.IsNullOrWhiteSpace(body.MergedId) || string.IsNullOrWhiteSpace(body.Reason))
            {
                return Problems.Create(400, "Malformed body", "Send JSON { \"survivorId\": \"…\", \"mergedId\": \"…\", \"reason\": \"…\" }.");
            }

            principal.Touches(body.SurvivorId);
            principal.Touches(body.MergedId);
            return TypedResults.Ok(await merge.MergeAsync(body.SurvivorId, body.MergedId, body.Reason, principal.Actor, ct));
        });

    /// <summary><c>POST /api/customers/{id}/unmerge</c> <c>{ "reason": "…" }</c>: {id} is the merged-away profile.</summary>
    public Task<IResult> UnmergeAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            principal.Touches(id);
            var body = await JsonBody.ReadAsync<UnmergeRequest>(request, ct);
            if (body is null || string.IsNullOrWhiteSpace(body.Reason))
            {
                return Problems.Create(400, "Malformed body", "Send JSON { \"reason\": \"…\" }.");
            }

            var restored = await unmerge.UnmergeAsync(id, body.Reason, principal.Actor, ct);
            return TypedResults.Ok(restored);
        });
}
