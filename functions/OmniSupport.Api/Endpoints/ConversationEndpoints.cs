using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Core.Conversations;

namespace OmniSupport.Api.Endpoints;

public sealed class ConversationEndpoints(ApiPipeline pipeline, GetConversation getConversation)
{
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async _ => Results.Ok(await getConversation.GetAsync(id, ct)));
}
