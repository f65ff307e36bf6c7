using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OmniSupport.Core.Common;

namespace OmniSupport.Api.Endpoints;

internal static class JsonBody
{
    /// <summary>Largest JSON body an API call may send (a knowledge-base article is the largest there is).</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The body as T; malformed JSON is the caller's error (400), an oversize body 413, never ours.</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw new DomainRuleException($"The body is over the {MaxBytes} byte limit of API requests.", 413);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
        {
            cap.MaxRequestBodySize = MaxBytes;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
        }
        catch (JsonException ex)
        {
            throw new DomainRuleException($"The body is not valid JSON: {ex.Message}", 400);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new DomainRuleException($"The body is over the {MaxBytes} byte limit of API requests.", 413);
        }
        catch (BadHttpRequestException ex)
        {
            throw new DomainRuleException("The body ended before its declared length or its chunked framing is invalid.", ex.StatusCode);
        }
    }
}
