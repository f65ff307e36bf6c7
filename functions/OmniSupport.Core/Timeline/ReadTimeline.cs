using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;

namespace OmniSupport.Core.Timeline;

/// <summary>A customer's timeline, newest first, with the timelines of every profile merged into it.</summary>
public sealed class ReadTimeline(ICustomerStore customers, ITimelineStore timeline)
{
    public const int MaxPageSize = 200;

    public async Task<TimelinePage> ReadAsync(string customerId, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var customer = await customers.FollowMergesAsync(
            await customers.GetAsync(customerId, ct) ?? throw new NotFoundException($"Customer {customerId}"), ct);

        var ids = new List<string> { customer.Id };
        ids.AddRange(customer.MergedFrom);
        return await timeline.ReadAsync(ids, Math.Clamp(pageSize, 1, MaxPageSize), continuationToken, ct);
    }
}
