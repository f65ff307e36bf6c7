using OmniSupport.Core.Common;

namespace OmniSupport.Core.Events;

public sealed class CreateSubscription(ISubscriptionStore store, TimeProvider clock)
{
    public async Task<Subscription> CreateAsync(string? url, string? secret, IReadOnlyList<string>? eventTypes, string actor, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new DomainRuleException("url must be an absolute http(s) URL.", 400);
        }

        if (string.IsNullOrEmpty(secret) || secret.Length < 16)
        {
            throw new DomainRuleException("secret must be at least 16 characters.", 400);
        }

        var types = (eventTypes is null || eventTypes.Count == 0 ? ["*"] : eventTypes).Distinct().ToList();
        var unknown = types.Where(t => t != "*" && !HelpdeskEventTypes.All.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainRuleException($"Unknown event types: {string.Join(", ", unknown)}. Known: {string.Join(", ", HelpdeskEventTypes.All)} or *.", 400);
        }

        var subscription = new Subscription
        {
            Id = StableId.New("sub"),
            Url = uri.ToString(),
            Secret = secret,
            EventTypes = types,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        await store.CreateAsync(subscription, ct);
        return subscription;
    }
}
