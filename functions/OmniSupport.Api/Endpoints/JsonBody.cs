using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OmniSupport.Core.Common;

namespace OmniSupport.Api.Endpoints;

internal static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The body as T; malformed JSON is the caller's error (400), not ours.</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
        }
        catch (JsonException ex)
        {
            throw new DomainRuleException($"The body is not valid JSON: {ex.Message}", 400);
        }
    }
}
