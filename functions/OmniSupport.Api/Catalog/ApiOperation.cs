using System.Text.RegularExpressions;
using OmniSupport.Api.Security;

namespace OmniSupport.Api.Catalog;

/// <summary>One answer an operation gives: its status, its body's C# type (null: none or not JSON) and media type.</summary>
public sealed record ApiResponse(int Status, Type? Body, string? ContentType)
{
    public bool IsProblem => Status >= 400;
}

/// <summary>
/// One operation of the API: where it is (method, route under <c>/api</c>), who may call it (scope; null for
/// none), what it takes and answers, and the handler both hosts run. The Server maps <see cref="Handler"/>
/// as it is; the Functions triggers call the same endpoint method and a test holds their routes to this.
/// </summary>
public sealed partial record ApiOperation(string Method, string Route, string OperationId, string Tag, string Summary, ApiScope? Scope, Delegate Handler)
{
    public const string Json = "application/json";

    public IReadOnlyList<string> QueryParameters { get; init; } = [];

    public Type? RequestType { get; init; }

    public string? RequestExample { get; init; }

    /// <summary>The answers declared for this operation (see <see cref="Responses"/> for all, with the ones every call of its kind can give).</summary>
    public IReadOnlyList<ApiResponse> Declared { get; init; } = [];

    /// <summary>The route's own parameters (<c>{id}</c>, <c>{day}</c>, the webhook's <c>{provider}</c> and <c>{*path}</c>).</summary>
    public IReadOnlyList<string> PathParameters => [.. PathParameter().Matches(Route).Select(m => m.Groups[1].Value)];

    /// <summary>
    /// Every status the operation answers with: the declared ones, and those the pipeline adds to a keyed call
    /// (401 no or unknown key, 403 scope too low, 503 storage or audit down), to a route with ids (400 an id
    /// the hub never issues) and to a call with a JSON body (400 malformed, 413 over the limit).
    /// </summary>
    public IReadOnlyList<ApiResponse> Responses
    {
        get
        {
            var all = new List<ApiResponse>(Declared);
            var implied = new List<int>();
            if (Scope is not null)
            {
                implied.AddRange([401, 403, 503]);
                if (PathParameters.Count > 0)
                {
                    implied.Add(400);
                }
            }

            if (RequestType is not null)
            {
                implied.AddRange([400, 413]);
            }

            foreach (var status in implied.Where(s => all.All(r => r.Status != s)))
            {
                all.Add(new ApiResponse(status, typeof(Endpoints.Problem), "application/problem+json"));
            }

            return [.. all.OrderBy(r => r.Status)];
        }
    }

    public ApiOperation Query(params string[] names) => this with { QueryParameters = names };

    public ApiOperation Accepts<T>(string example) => this with { RequestType = typeof(T), RequestExample = example };

    /// <summary>A JSON answer of type T.</summary>
    public ApiOperation Returns<T>(int status = 200) => this with { Declared = [.. Declared, new ApiResponse(status, typeof(T), Json)] };

    /// <summary>A text answer (CSV, NDJSON, HTML, server-sent events, a provider's handshake).</summary>
    public ApiOperation ReturnsText(string contentType, int status = 200) => this with { Declared = [.. Declared, new ApiResponse(status, typeof(string), contentType)] };

    public ApiOperation ReturnsNothing(int status = 204) => this with { Declared = [.. Declared, new ApiResponse(status, null, null)] };

    /// <summary>Problem details answers this operation gives beyond the ones every keyed call can give.</summary>
    public ApiOperation Fails(params int[] statuses) =>
        this with { Declared = [.. Declared, .. statuses.Select(s => new ApiResponse(s, typeof(Endpoints.Problem), "application/problem+json"))] };

    [GeneratedRegex("\\{\\*?([A-Za-z]+)\\}")]
    private static partial Regex PathParameter();
}
