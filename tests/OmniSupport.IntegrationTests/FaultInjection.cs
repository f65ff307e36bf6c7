using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Timeline;

namespace OmniSupport.IntegrationTests;

/// <summary>The real timeline store, made to throw on chosen appends: a worker that dies mid-message.</summary>
public sealed class FailingTimelineStore(ITimelineStore inner, Func<TimelineEvent, bool> shouldFail) : ITimelineStore
{
    public int Failures;

    public Task AppendAsync(TimelineEvent timelineEvent, CancellationToken ct)
    {
        if (shouldFail(timelineEvent))
        {
            Interlocked.Increment(ref Failures);
            throw new InvalidOperationException("Injected crash between dedupe and append.");
        }

        return inner.AppendAsync(timelineEvent, ct);
    }

    public Task<TimelinePage> ReadAsync(IReadOnlyList<string> customerIds, int pageSize, string? continuationToken, CancellationToken ct) =>
        inner.ReadAsync(customerIds, pageSize, continuationToken, ct);
}
