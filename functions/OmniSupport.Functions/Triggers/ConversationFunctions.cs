using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;

namespace OmniSupport.Functions.Triggers;

public sealed class ConversationFunctions(ConversationEndpoints endpoints)
{
    [Function("GetConversation")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Conversation)] HttpRequest request,
        string id,
        CancellationToken ct) => endpoints.GetAsync(request, id, ct);
}
