using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Audit;
using OmniSupport.Core.Security;

namespace OmniSupport.Api.Endpoints;

/// <summary>The audit log (read-only: no endpoint changes or deletes an entry) and API key administration.</summary>
public sealed class AuditEndpoints(ApiPipeline pipeline, IAuditLog audit, TimeProvider clock)
{
    /// <summary><c>GET /api/audit?customerId=&amp;from=&amp;to=</c> (admin)</summary>
    public Task<IResult> ListAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
        {
            var customerId = request.Query["customerId"].ToString();
            if (string.IsNullOrWhiteSpace(customerId))
            {
                return Problems.Create(400, "Missing query", "Give customerId (and optionally from, to); a whole day is read with /api/audit/export/{yyyy-MM-dd}.");
            }

            var to = Query.Time(request, "to") ?? clock.GetUtcNow();
            var from = Query.Time(request, "from") ?? to.AddDays(-90);
            var entries = await audit.ReadCustomerAsync(customerId, from, to, ct);
            return TypedResults.Ok(new AuditWindow(customerId, from, to, entries));
        });

    /// <summary><c>GET /api/audit/verify[?customerId=|day=yyyy-MM-dd]</c> (admin): recomputes every chain, or one partition's.</summary>
    public Task<IResult> VerifyAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
        {
            var customerId = request.Query["customerId"].ToString();
            var day = request.Query["day"].ToString();
            string? partition = null;
            if (customerId.Length > 0)
            {
                partition = AuditPartitions.Customer(customerId);
            }
            else if (day.Length > 0)
            {
                if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return Problems.Create(400, "Bad day", "The day is yyyy-MM-dd (UTC).");
                }

                partition = AuditPartitions.Day(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            }

            var result = await audit.VerifyAsync(partition, ct);
            return Results.Json(result, statusCode: result.Valid ? 200 : 409);
        });

    /// <summary><c>GET /api/audit/export/{yyyy-MM-dd}</c> (admin): the day's chain as NDJSON.</summary>
    public Task<IResult> ExportAsync(HttpRequest request, string day, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Problems.Create(400, "Bad day", "The day is yyyy-MM-dd (UTC).");
            }

            var sb = new StringBuilder();
            await foreach (var entry in audit.ReadDayAsync(date, ct))
            {
                sb.Append(System.Text.Json.JsonSerializer.Serialize(entry, JsonOptions.Web)).Append('\n');
            }

            return Results.Text(sb.ToString(), "application/x-ndjson; charset=utf-8");
        });
}

public sealed record CreateKeyRequest(string? Id, string? Scopes);

public sealed class KeyEndpoints(ApiPipeline pipeline, CreateApiKey create, RevokeApiKey revoke, IApiKeyStore store, ApiKeyAuthenticator authenticator)
{
    /// <summary><c>POST /api/admin/keys</c> <c>{ "id": "desk", "scopes": "read,write" }</c>: the key is in this answer only.</summary>
    public Task<IResult> CreateAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async principal =>
        {
            var body = await JsonBody.ReadAsync<CreateKeyRequest>(request, ct);
            if (body is null || string.IsNullOrWhiteSpace(body.Id))
            {
                return Problems.Create(400, "Malformed body", "Send JSON { \"id\": \"desk\", \"scopes\": \"read,write\" }.");
            }

            if (authenticator.IsConfigured(body.Id))
            {
                return Problems.Create(409, "Conflict", $"A configured key is named '{body.Id}'.");
            }

            var created = await create.CreateAsync(body.Id, body.Scopes ?? "read", principal.Actor, ct);
            authenticator.Invalidate();
            return Results.Json(created, statusCode: 201);
        });

    /// <summary><c>GET /api/admin/keys</c>: ids, scopes and dates, never a key or hash.</summary>
    public Task<IResult> ListAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(k => new ApiKeyView(k.Id, k.Scopes, k.CreatedAt, k.CreatedBy, k.RevokedAt, k.RevokedBy)).ToList()));

    /// <summary><c>DELETE /api/admin/keys/{id}</c>: revokes the key (kept, marked revoked, for the audit trail).</summary>
    public Task<IResult> RevokeAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async principal =>
        {
            if (authenticator.IsConfigured(id))
            {
                return Problems.Create(409, "Configured key", $"Key '{id}' comes from configuration (Api:Keys); remove it there.");
            }

            await revoke.RevokeAsync(id, principal.Actor, ct);
            authenticator.Invalidate();
            return TypedResults.NoContent();
        });
}

internal static partial class JsonOptions
{
    public static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);
    public static readonly System.Text.Json.JsonSerializerOptions Indented = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };
}
