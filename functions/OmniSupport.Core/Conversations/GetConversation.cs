using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Conversations;

public sealed class GetConversation(IConversationStore conversations)
{
    public async Task<Conversation> GetAsync(string conversationId, CancellationToken ct) =>
        await conversations.GetAsync(conversationId, ct) ?? throw new NotFoundException($"Conversation {conversationId}");
}
