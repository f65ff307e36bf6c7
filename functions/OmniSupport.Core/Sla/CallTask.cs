namespace OmniSupport.Core.Sla;

public static class CallTaskStatus
{
    /// <summary>Waiting for an agent (or for the dialer, when Twilio Voice is configured).</summary>
    public const string Open = "open";

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
}

/// <summary>The <c>callbacks</c> queue: call tasks for the dialer.</summary>
public interface ICallbackQueue
{
    Task EnqueueAsync(string callTaskId, CancellationToken ct);
}
