namespace OmniSupport.Core.Sla;

public static class CallTaskStatus
{
    /// <summary>Waiting for an agent (or for the dialer, when Twilio Voice is configured).</summary>
    public const string Open = "open";

    /// <summary>The dialer claimed it and is placing the call.</summary>
    public const string Dialing = "dialing";

    /// <summary>The call was placed through Twilio Voice; its outcome has not come back yet.</summary>
    public const string Placed = "placed";

    /// <summary>Closed with an outcome (completed, no-answer, busy, failed, canceled, or an agent's note).</summary>
    public const string Closed = "closed";
}

/// <summary>An outbound call the SLA asked for: a customer nobody answered on SMS gets a phone call.</summary>
public sealed class CallTask
{
    public required string Id { get; init; }
    public required string ConversationId { get; init; }
    public required string CustomerId { get; init; }

    /// <summary>E.164 number to call, when the customer has one.</summary>
    public string? Phone { get; set; }
    public string? Reason { get; set; }
    public string? Queue { get; set; }
    public string Status { get; set; } = CallTaskStatus.Open;
    public string? CallSid { get; set; }
    public string? Outcome { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PlacedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

public interface ICallTaskStore
{
    /// <summary>Inserts the task; one with the same id already there is left as it is. Returns the stored task.</summary>
    Task<CallTask> CreateIfMissingAsync(CallTask task, CancellationToken ct);

    Task<CallTask?> GetAsync(string id, CancellationToken ct);

    Task UpdateAsync(CallTask task, CancellationToken ct);

    /// <summary>Tasks not closed yet, oldest first.</summary>
    Task<IReadOnlyList<CallTask>> ListOpenAsync(CancellationToken ct);

    /// <summary>The task a placed call belongs to (by the provider's call id).</summary>
    Task<CallTask?> FindByCallSidAsync(string callSid, CancellationToken ct);

    Task<IReadOnlyList<CallTask>> ListForConversationAsync(string conversationId, CancellationToken ct);

    /// <summary>
    /// Moves an open task to <see cref="CallTaskStatus.Dialing"/> if no one else did first (conditional
    /// on the stored version): of two deliveries of the same callbacks message only one dials.
    /// </summary>
    Task<bool> TryClaimForDialingAsync(string id, CancellationToken ct);
}

/// <summary>The <c>callbacks</c> queue: call tasks for the dialer.</summary>
public interface ICallbackQueue
{
    Task EnqueueAsync(string callTaskId, CancellationToken ct);
}

/// <summary>
/// Routing's callback tasks (helpdesk rules with a callback outcome) kept in the SLA's call-task store,
/// so <c>GET /api/callbacks</c> lists both and the dialer places both.
/// </summary>
public sealed class CallTaskCallbackStore(ICallTaskStore tasks, ICallbackQueue callbacks) : OmniSupport.Core.Routing.ICallbackTaskStore
{
    public async Task CreateIfMissingAsync(OmniSupport.Core.Routing.CallbackTask task, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(task);
        var stored = await tasks.CreateIfMissingAsync(new CallTask
        {
            Id = task.Id,
            ConversationId = task.ConversationId,
            CustomerId = task.CustomerId,
            Phone = task.Phone,
            Reason = task.Reason,
            Queue = task.Queue,
            CreatedAt = task.CreatedAt,
        }, ct);
        if (stored.Status == CallTaskStatus.Open)
        {
            await callbacks.EnqueueAsync(stored.Id, ct);
        }
    }

    public async Task<IReadOnlyList<OmniSupport.Core.Routing.CallbackTask>> ListForConversationAsync(string conversationId, CancellationToken ct) =>
        (await tasks.ListForConversationAsync(conversationId, ct)).Select(t => new OmniSupport.Core.Routing.CallbackTask
        {
            Id = t.Id,
            ConversationId = t.ConversationId,
            CustomerId = t.CustomerId,
            Queue = t.Queue ?? "default",
            Phone = t.Phone,
            Reason = t.Reason ?? "",
            Status = t.Status,
            CreatedAt = t.CreatedAt,
        }).ToList();
}
