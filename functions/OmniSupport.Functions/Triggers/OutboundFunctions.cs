using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;
using OmniSupport.Core.Outbound;
using OmniSupport.Storage;

namespace OmniSupport.Functions.Triggers;

/// <summary>Replies in, the outbound queue to the senders, and the local outbox.</summary>
public sealed class OutboundFunctions(OutboundEndpoints endpoints, DeliverOutboundMessage deliver)
{
    [Function("PostReply")]
    public Task<IResult> PostReply(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ConversationReplies)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.ReplyAsync(request, id, ct);

    [Function("ListOutbox")]
    public Task<IResult> ListOutbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Outbox)] HttpRequest request,
        CancellationToken ct) => endpoints.ListOutboxAsync(request, ct);

    [Function("DeliverOutbound")]
    public Task DeliverOutbound(
        [QueueTrigger(StorageNames.Bindings.OutboundQueue, Connection = QueueFunctions.Connection)] string message,
        CancellationToken ct) => deliver.HandleAsync(message, ct);
}
