using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniSupport.Api.Security;
using OmniSupport.Core.Security;

namespace OmniSupport.Api.Endpoints;

/// <summary>
/// The console's sign-in: <c>POST /api/session</c> with the key in <c>X-Api-Key</c> (checked by the
/// pipeline like every call, so a wrong key is a 401 and a sign-in is audited under the key's id) answers
/// with an HttpOnly, SameSite=Strict cookie (Secure on https) that the API then accepts like the header.
/// <c>GET</c> says who is signed in; <c>DELETE</c> signs out (the stored session is deleted).
/// </summary>
public sealed class SessionEndpoints(ApiPipeline pipeline, StartSession start, EndSession end, IOptionsMonitor<ApiOptions> options)
{
    public Task<IResult> CreateAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            if (!request.Headers.ContainsKey(ApiKeyAuthenticator.Header))
            {
                return Problems.Create(400, "API key required", $"Sign in with the key in the {ApiKeyAuthenticator.Header} header.");
            }

            var started = await start.StartAsync(principal.KeyId, TimeSpan.FromMinutes(options.CurrentValue.SessionMinutes), ct);
            request.HttpContext.Response.Cookies.Append(ApiKeyAuthenticator.SessionCookie, started.Token, Cookie(request, started.Session.ExpiresAt));
            return TypedResults.Ok(new SessionView(principal.KeyId, Scope(principal), started.Session.ExpiresAt));
        });

    public Task<IResult> GetAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, principal => Task.FromResult<IResult>(TypedResults.Ok(new SessionView(principal.KeyId, Scope(principal)))));

    public Task<IResult> DeleteAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ =>
        {
            if (ApiKeyAuthenticator.SessionToken(request) is { } token)
            {
                await end.EndAsync(token, ct);
            }

            request.HttpContext.Response.Cookies.Delete(ApiKeyAuthenticator.SessionCookie, Cookie(request, null));
            return TypedResults.NoContent();
        });

    private static CookieOptions Cookie(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private static string Scope(ApiPrincipal principal) => principal.Scope.ToString().ToLowerInvariant();
}
