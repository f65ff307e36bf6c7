using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Surveys;

namespace OmniSupport.Api.Endpoints;

/// <summary>The supervisor's view: SLA status per conversation, queues with time left, overrides, call tasks, survey counts.</summary>
public sealed class SlaEndpoints(
    ApiPipeline pipeline,
    ISlaStatusStore statuses,
    ICallTaskStore callTasks,
    ChangeQueue changeQueue,
    CloseCallTask closeCallTask,
    GetSurveyCounts surveyCounts,
    WatchQueues board,
    TimeProvider clock)
{
    /// <summary>How long one event stream runs before the browser's EventSource reconnects (Functions' time limit, proxies' idle limits).</summary>
    public static readonly TimeSpan StreamDuration = TimeSpan.FromMinutes(5);

    public Task<IResult> GetSlaAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ =>
        {
            var status = await statuses.GetAsync(id, ct) ?? throw new NotFoundException($"SLA status of conversation {id}");
            return TypedResults.Ok(new SlaStatusView(
                status.ConversationId,
                status.CustomerId,
                status.State,
                status.Policy,
                status.Channel,
                status.Tier,
                status.Queue,
                status.Priority,
                new SlaTargetsView(status.FirstResponseTarget, status.NextResponseTarget, status.Target),
                status.WaitingSince,
                status.DueAt,
                TimeLeft(status),
                status.Breaches,
                status.StepsDone,
                status.UpdatedAt));
        });

    /// <summary><c>GET /api/queues[?top=N]</c>: each queue's counts over all its open conversations, and its N most urgent (100 unless asked).</summary>
    public Task<IResult> GetQueuesAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ =>
        {
            var top = WatchQueues.CheckTop(Query.Number(request, "top") ?? WatchQueues.DefaultTop);
            var now = clock.GetUtcNow();
            var queues = (await board.ReadAsync(ct))
                .Select(q => new QueueView(
                    q.Queue,
                    q.Waiting,
                    q.Open,
                    q.WithinSla,
                    q.OldestWaitingSince,
                    q.OldestWaitingSince is { } oldest ? (long)(now - oldest).TotalSeconds : null,
                    q.NextDueAt,
                    [.. q.Conversations.Take(top).Select(s => new QueuedConversation(
                        s.ConversationId,
                        s.CustomerId,
                        s.State,
                        s.Channel,
                        s.Tier,
                        s.Priority,
                        s.WaitingSince,
                        s.DueAt,
                        TimeLeft(s),
                        WatchQueues.IsOverdue(s, now)))]));
            return TypedResults.Ok(queues.ToList());
        });

    /// <summary><c>GET /api/queues/stream[?top=N]</c>: the board as server-sent events (<c>event: queues</c>), a new one when it changes.</summary>
    public Task<IResult> StreamQueuesAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, _ =>
        {
            var top = WatchQueues.CheckTop(Query.Number(request, "top") ?? WatchQueues.DefaultTop);
            request.HttpContext.Response.Headers.CacheControl = "no-cache";
            var events = board.WatchAsync(StreamDuration, top, ct)
                .Select(b => new System.Net.ServerSentEvents.SseItem<IReadOnlyList<BoardQueue<BoardConversation>>>(b, "queues") { ReconnectionInterval = TimeSpan.FromSeconds(1) });
            return Task.FromResult<IResult>(TypedResults.ServerSentEvents(events));
        });

    public Task<IResult> ChangeQueueAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async principal =>
        {
            var body = await JsonBody.ReadAsync<QueueChange>(request, ct) ?? throw new DomainRuleException("A body {\"queue\": ..., \"priority\": ...} is required.", 400);
            var conversation = await changeQueue.ChangeAsync(id, body.Queue, body.Priority, principal.KeyId, body.Reason, ct);
            principal.Touches(conversation.CustomerId);
            return TypedResults.Ok(new QueueAssignment(conversation.Id, conversation.Queue, conversation.Priority));
        });

    public Task<IResult> ListCallbacksAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ => TypedResults.Ok(await callTasks.ListOpenAsync(ct)));

    public Task<IResult> CloseCallbackAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async _ =>
        {
            var body = await JsonBody.ReadAsync<CallbackClose>(request, ct);
            if (string.IsNullOrWhiteSpace(body?.Outcome))
            {
                throw new DomainRuleException("outcome is required (e.g. \"completed\", \"no-answer\", or an agent's note).", 400);
            }

            var task = await closeCallTask.CloseAsync(id, body.Outcome, ct) ?? throw new NotFoundException($"Call task {id}");
            return TypedResults.Ok(task);
        });

    public Task<IResult> SurveyReportAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ => TypedResults.Ok(await surveyCounts.GetAsync(ct)));

    private long? TimeLeft(SlaStatus status) =>
        status.State == SlaStates.Waiting && status.DueAt is { } due ? (long)(due - clock.GetUtcNow()).TotalSeconds : null;

    public sealed record QueueChange(string? Queue, int? Priority, string? Reason = null);

    public sealed record CallbackClose(string? Outcome);
}
