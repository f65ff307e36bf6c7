namespace OmniSupport.Core.Routing;

/// <summary>
/// An outbound call an agent owes the customer (routing's "callback" outcome). Kept behind its own
/// port so it can move onto the SLA engine's call-task store.
/// </summary>
public sealed class CallbackTask
{
    public required string Id { get; init; }
    public required string ConversationId { get; init; }
    public required string CustomerId { get; init; }
    public required string Queue { get; init; }
    public string? Phone { get; init; }
    public required string Reason { get; init; }
    public string Status { get; set; } = "open";
    public required DateTimeOffset CreatedAt { get; init; }
}

public interface ICallbackTaskStore
{
    /// <summary>Idempotent insert (the id derives from the conversation).</summary>
    Task CreateIfMissingAsync(CallbackTask task, CancellationToken ct);

    Task<IReadOnlyList<CallbackTask>> ListForConversationAsync(string conversationId, CancellationToken ct);
}
