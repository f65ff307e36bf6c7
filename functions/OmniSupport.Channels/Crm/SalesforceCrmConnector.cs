using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Routing;

namespace OmniSupport.Channels.Crm;

/// <summary>
/// Salesforce REST: an access token from the OAuth 2.0 client credentials flow
/// (<c>POST {LoginUrl}/services/oauth2/token</c>, form <c>grant_type=client_credentials&amp;client_id&amp;client_secret</c>,
/// answered with <c>access_token</c> and <c>instance_url</c>), then a SOQL query on the Contact by email
/// (<c>GET {instance_url}/services/data/vXX.X/query?q=…</c>, answered with <c>totalSize</c>, <c>done</c>,
/// <c>records[]</c>; a relationship field such as <c>Account.Name</c> comes back nested under <c>Account</c>).
/// Token and lookups are cached; a 401 drops the token and tries once more.
/// </summary>
public sealed partial class SalesforceCrmConnector(
    IHttpClientFactory http,
    IOptionsMonitor<SalesforceOptions> options,
    TimeProvider clock,
    ILogger<SalesforceCrmConnector> log) : ICrmConnector
{
    public const string HttpClientName = "salesforce";
    private readonly ConcurrentDictionary<string, (CrmAccount? Account, DateTimeOffset Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Token, Uri Instance, DateTimeOffset Expires)? _token;

    public bool Enabled => options.CurrentValue.Enabled;

    public async Task<CrmAccount?> FindAccountByEmailAsync(string email, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(email, out var cached) && cached.Expires > now)
        {
            return cached.Account;
        }

        var o = options.CurrentValue;
        if (!FieldName().IsMatch(o.ContractValueField) || (o.TierField is { Length: > 0 } tf && !FieldName().IsMatch(tf)))
        {
            throw new InvalidOperationException("Crm:Salesforce field names must be API names (letters, digits, underscores).");
        }

        var fields = new List<string> { "Account.Id", "Account.Name", "Account." + o.ContractValueField };
        if (!string.IsNullOrEmpty(o.TierField))
        {
            fields.Add("Account." + o.TierField);
        }

        var soql = $"SELECT {string.Join(", ", fields)} FROM Contact WHERE Email = '{Escape(email)}' LIMIT 1";
        using var response = await QueryAsync(soql, ct);
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        CrmAccount? account = null;
        var records = doc.RootElement.GetProperty("records");
        if (records.GetArrayLength() > 0 && records[0].TryGetProperty("Account", out var a) && a.ValueKind == JsonValueKind.Object)
        {
            account = new CrmAccount(
                a.GetProperty("Id").GetString() ?? "",
                a.TryGetProperty("Name", out var name) ? name.GetString() : null,
                a.TryGetProperty(o.ContractValueField, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null,
                !string.IsNullOrEmpty(o.TierField) && a.TryGetProperty(o.TierField, out var tier) && tier.ValueKind == JsonValueKind.String ? tier.GetString() : null);
        }

        _cache[email] = (account, now.AddMinutes(o.CacheMinutes));
        return account;
    }

    private async Task<HttpResponseMessage> QueryAsync(string soql, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (token, instance) = await TokenAsync(ct);
            var url = new Uri(instance, $"/services/data/{options.CurrentValue.ApiVersion}/query?q={Uri.EscapeDataString(soql)}");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                response.Dispose();
                _token = null; // expired or revoked session: one fresh token
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                response.Dispose();
                throw new HttpRequestException($"Salesforce query answered {status}.", null, (HttpStatusCode)status);
            }

            return response;
        }
    }

    private async Task<(string Token, Uri Instance)> TokenAsync(CancellationToken ct)
    {
        if (_token is { } t && t.Expires > clock.GetUtcNow())
        {
            return (t.Token, t.Instance);
        }

        await _tokenLock.WaitAsync(ct);
        try
        {
            if (_token is { } again && again.Expires > clock.GetUtcNow())
            {
                return (again.Token, again.Instance);
            }

            var o = options.CurrentValue;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.ClientId!,
                ["client_secret"] = o.ClientSecret!,
            });
            using var response = await http.CreateClient(HttpClientName).PostAsync(new Uri(o.LoginUrl!.TrimEnd('/') + "/services/oauth2/token"), form, ct);
            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("Salesforce token request answered {Status}", (int)response.StatusCode);
                throw new HttpRequestException($"Salesforce token endpoint answered {(int)response.StatusCode}.", null, response.StatusCode);
            }

            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            var token = doc.RootElement.GetProperty("access_token").GetString() ?? throw new JsonException("No access_token.");
            var instance = new Uri(doc.RootElement.GetProperty("instance_url").GetString() ?? o.LoginUrl!);
            _token = (token, instance, clock.GetUtcNow().AddMinutes(o.TokenMinutes));
            return (token, instance);
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>SOQL string literal escaping: backslash and single quote.</summary>
    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex FieldName();
}
