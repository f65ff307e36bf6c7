using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniSupport.Api.Security;

/// <summary>
/// The Server's authentication scheme over <see cref="ApiKeyAuthenticator"/>: the <c>X-Api-Key</c> header
/// or the console's session cookie. A storage fault while checking is not a refusal: it propagates to the
/// exception handler, which answers 503.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "omnisupport:scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var principal = await authenticator.AuthenticateAsync(Request, Context.RequestAborted);
        if (principal is null)
        {
            return Request.Headers.ContainsKey(ApiKeyAuthenticator.Header) ? AuthenticateResult.Fail("Unknown or revoked API key.") : AuthenticateResult.NoResult();
        }

        ApiCaller.Set(Context, principal);
        return AuthenticateResult.Success(new AuthenticationTicket(ApiScopes.ToClaims(principal), SchemeName));
    }
}
