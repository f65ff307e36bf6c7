using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace OmniSupport.Channels.Outbound;

/// <summary>
/// Which failed provider calls are tried again. A timeout or a 5xx does not say whether the provider acted
/// on the request: a POST repeated then may send the customer the same message twice. So a POST (or PATCH)
/// is repeated after those only when its provider dedupes it (ACS, by the repeatability id); otherwise only
/// when it certainly was not acted on: a 429 (refused, to be sent later) or a connection that never opened.
/// Reads and other idempotent calls are repeated after any transient failure. No retry at all when
/// <c>MaxRetryAttempts</c> is 0.
/// </summary>
public static class ProviderRetryRule
{
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method, bool providerDedupes, int maxRetryAttempts)
    {
        if (maxRetryAttempts <= 0 || !HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        var repeatable = method is not null && method != HttpMethod.Post && method != HttpMethod.Patch;
        return repeatable || providerDedupes || NotActedOn(outcome);
    }

    private static bool NotActedOn(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests
        || outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };
}
