using OmniSupport.Core.Common;
using OmniSupport.Core.Sla;

namespace OmniSupport.Core.Tests;

public sealed class QueueBoardTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static SlaStatus Waiting(string id, int dueInSeconds, int priority = 50, string? queue = null, bool breached = false) => new()
    {
        ConversationId = id,
        CustomerId = "cus_" + id,
        Queue = queue,
        Priority = priority,
        State = SlaStates.Waiting,
        WaitingSince = Now.AddMinutes(-10).AddSeconds(-dueInSeconds),
        DueAt = Now.AddSeconds(dueInSeconds),
        Breaches = breached ? [new SlaBreach(SlaTargets.FirstResponse, Now.AddHours(-1), Now.AddHours(-1))] : [],
    };

    private static SlaStatus Answered(string id, string? queue = null) => new()
    {
        ConversationId = id,
        CustomerId = "cus_" + id,
        Queue = queue,
        State = SlaStates.Answered,
    };

    [Fact]
    public void A_queue_counts_all_its_open_conversations_and_lists_only_the_most_urgent()
    {
        var open = Enumerable.Range(0, 250).Select(i => Waiting($"c{i:000}", dueInSeconds: 60 + i)).ToList();

        var queue = Assert.Single(WatchQueues.Summarize(open, Now, top: 100));

        Assert.Equal((WatchQueues.DefaultQueue, 250, 250, 250), (queue.Queue, queue.Open, queue.Waiting, queue.WithinSla));
        Assert.Equal(100, queue.Conversations.Count);
        Assert.Equal("c000", queue.Conversations[0].ConversationId); // the earliest due first
        Assert.Equal(open[^1].WaitingSince, queue.OldestWaitingSince);
        Assert.Equal(Now.AddSeconds(60), queue.NextDueAt);
    }

    [Fact]
    public void Within_sla_leaves_out_a_conversation_past_due_and_one_with_a_recorded_breach_and_the_next_due_time_is_ahead()
    {
        var open = new List<SlaStatus>
        {
            Waiting("overdue", dueInSeconds: -5),
            Waiting("breached-before", dueInSeconds: 600, breached: true),
            Waiting("fine", dueInSeconds: 120),
            Answered("answered"),
        };

        var queue = Assert.Single(WatchQueues.Summarize(open, Now, top: 10));

        Assert.Equal((4, 3, 2), (queue.Open, queue.Waiting, queue.WithinSla));
        Assert.Equal(Now.AddSeconds(120), queue.NextDueAt);
        Assert.True(WatchQueues.IsOverdue(open[0], Now));
        Assert.False(WatchQueues.IsOverdue(open[3], Now));
    }

    [Fact]
    public void Queues_come_in_name_order_each_most_urgent_first_by_priority_then_due_time()
    {
        var open = new List<SlaStatus>
        {
            Waiting("late-but-low", dueInSeconds: 10, priority: 10, queue: "billing"),
            Waiting("high", dueInSeconds: 900, priority: 90, queue: "billing"),
            Waiting("general", dueInSeconds: 30),
        };

        var board = WatchQueues.ToBoard(WatchQueues.Summarize(open, Now, WatchQueues.MaxTop), top: 1);

        Assert.Equal(["billing", WatchQueues.DefaultQueue], board.Select(q => q.Queue));
        Assert.Equal("high", Assert.Single(board[0].Conversations).ConversationId);
        Assert.Equal(2, board[0].Open);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(WatchQueues.MaxTop + 1)]
    public void A_top_outside_one_to_a_thousand_is_the_callers_400(int top)
    {
        var e = Assert.Throws<DomainRuleException>(() => WatchQueues.CheckTop(top));
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("between 1 and 1000", e.Message, StringComparison.Ordinal);
    }
}
