using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OmniSupport.Channels.Fhir;

/// <summary>
/// The hub's signing key for SMART Backend Services: signs the client assertion (RS384 or ES384) and
/// publishes the public half as a JWKS, the URL of which is registered with the EHR.
/// </summary>
public sealed class SmartSigningKey(IOptions<FhirOptions> options)
{
    private readonly Lazy<SecurityKey?> _key = new(() => Load(options.Value.Smart));

    public bool Configured => _key.Value is not null;

    /// <summary>The client assertion JWT: iss = sub = client id, aud = token URL, a fresh jti, five minutes' life.</summary>
    public string CreateAssertion(DateTimeOffset now)
    {
        var smart = options.Value.Smart;
        var key = _key.Value ?? throw new InvalidOperationException("Channels:Fhir:Smart:PrivateKeyPem is not set.");
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = smart.ClientId,
            Audience = smart.TokenUrl,
            Claims = new Dictionary<string, object> { ["sub"] = smart.ClientId!, ["jti"] = Guid.NewGuid().ToString("N") },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(5).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, Algorithm(smart)),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The public key set (<c>{"keys":[...]}</c>): empty when no key is configured.</summary>
    public IReadOnlyDictionary<string, object> PublicJwks()
    {
        var key = _key.Value;
        if (key is null)
        {
            return new Dictionary<string, object> { ["keys"] = Array.Empty<object>() };
        }

        var jwk = key switch
        {
            RsaSecurityKey rsa => JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.Rsa.ExportParameters(false)) { KeyId = rsa.KeyId }),
            ECDsaSecurityKey ec => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(PublicOnly(ec.ECDsa)) { KeyId = ec.KeyId }),
            _ => throw new InvalidOperationException("Unsupported key type."),
        };
        var entry = new Dictionary<string, object> { ["kty"] = jwk.Kty, ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = Algorithm(options.Value.Smart) };
        if (jwk.Kty == "RSA")
        {
            entry["n"] = jwk.N;
            entry["e"] = jwk.E;
        }
        else
        {
            entry["crv"] = jwk.Crv;
            entry["x"] = jwk.X;
            entry["y"] = jwk.Y;
        }

        return new Dictionary<string, object> { ["keys"] = new[] { entry } };
    }

    private static ECDsa PublicOnly(ECDsa ec)
    {
        var copy = ECDsa.Create();
        copy.ImportParameters(ec.ExportParameters(false));
        return copy;
    }

    private static string Algorithm(SmartBackendOptions smart) =>
        string.Equals(smart.Algorithm, "ES384", StringComparison.OrdinalIgnoreCase) ? SecurityAlgorithms.EcdsaSha384 : SecurityAlgorithms.RsaSha384;

    private static SecurityKey? Load(SmartBackendOptions smart)
    {
        if (string.IsNullOrWhiteSpace(smart.PrivateKeyPem))
        {
            return null;
        }

        var pem = smart.PrivateKeyPem.Replace("\\n", "\n", StringComparison.Ordinal);
        if (string.Equals(smart.Algorithm, "ES384", StringComparison.OrdinalIgnoreCase))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec) { KeyId = smart.KeyId };
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa) { KeyId = smart.KeyId };
    }
}

/// <summary>Adds the SMART Backend Services access token (from <see cref="SmartTokenSource"/>) to every FHIR request.</summary>
public sealed class SmartBackendHandler(SmartTokenSource tokens, IOptions<FhirOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.Equals(options.Value.Auth, "smart-backend", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.TokenAsync(cancellationToken));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// The access token of SMART Backend Services: client_credentials at the token URL with the signed assertion
/// (client_assertion_type jwt-bearer), kept until a minute before it expires. One per process.
/// </summary>
public sealed class SmartTokenSource(SmartSigningKey key, IHttpClientFactory http, IOptions<FhirOptions> options, TimeProvider clock) : IDisposable
{
    public const string TokenClientName = "fhir-token";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    public async Task<string> TokenAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_token is not null && now < _expires)
            {
                return _token;
            }

            var smart = options.Value.Smart;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = smart.Scope,
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = key.CreateAssertion(now),
            });
            using var response = await http.CreateClient(TokenClientName).PostAsync(new Uri(smart.TokenUrl ?? throw new InvalidOperationException("Channels:Fhir:Smart:TokenUrl is not set.")), form, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The EHR's token endpoint refused the client assertion: HTTP {(int)response.StatusCode}.");
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            _token = body.RootElement.GetProperty("access_token").GetString() ?? throw new HttpRequestException("The token response holds no access_token.");
            var lifetime = body.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 300;
            _expires = now.AddSeconds(Math.Max(0, lifetime - 60));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
