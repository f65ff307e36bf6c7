using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Outbound;

namespace OmniSupport.Api.Endpoints;

public sealed record ReplyBody(string? Text, string? Channel, string? Agent);

/// <summary>What the hub sends: agents' replies, and the local outbox operators read when no provider is configured.</summary>
public sealed class OutboundEndpoints(ApiPipeline pipeline, SendReply sendReply, IOutbox outbox)
{
    public const int DefaultOutboxPage = 50;
    public const int MaxOutboxPage = 500;

    /// <summary><c>POST /api/conversations/{id}/replies</c> <c>{ "text": "…", "channel": "sms", "agent": "maria" }</c> → 202.</summary>
    public Task<IResult> ReplyAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Write, async _ =>
        {
            var body = await JsonBody.ReadAsync<ReplyBody>(request, ct)
                ?? throw new Core.Common.DomainRuleException("Send JSON { \"text\": \"…\", \"agent\": \"…\", \"channel\": optional }.", 400);
            var accepted = await sendReply.SendAsync(new ReplyRequest(id, body.Text, body.Channel, body.Agent), ct);
            return Results.Accepted($"/{Routes.Prefix}/customers/{accepted.CustomerId}/timeline", accepted);
        });

    /// <summary><c>GET /api/admin/outbox?max=50</c>: messages written to the local outbox, newest first.</summary>
    public Task<IResult> ListOutboxAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
        {
            var max = int.TryParse(request.Query["max"], out var m) ? Math.Clamp(m, 1, MaxOutboxPage) : DefaultOutboxPage;
            return TypedResults.Ok(await outbox.ListAsync(max, ct));
        });
}
