using System.Text.Json;

namespace OmniSupport.Core.Sla;

/// <summary>A signal on its way to a conversation's SLA orchestration (the <c>sla-signals</c> queue's message).</summary>
public sealed class SlaSignalMessage
{
    public required string Kind { get; init; }
    public required string ConversationId { get; init; }
    public required string CustomerId { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Channel { get; init; }
    public string? Queue { get; init; }
    public int Priority { get; init; }
    public string? Actor { get; init; }

    /// <summary>The conversation's routed policy name as the sender read it.</summary>
    public string? SlaPolicy { get; init; }

    /// <summary>The customer's tier as the sender read it, when <see cref="TierKnown"/> (then the signal worker need not read the customer).</summary>
    public string? Tier { get; init; }

    public bool TierKnown { get; init; }

    /// <summary>The customer message opened the conversation: its orchestration is started, not looked up first.</summary>
    public bool Opens { get; init; }

    /// <summary>How often this signal was put back because its orchestration did not exist yet (see ApplySlaSignal).</summary>
    public int Deferrals { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>The <c>sla-signals</c> queue.</summary>
public interface ISlaSignalQueue
{
    Task EnqueueAsync(SlaSignalMessage signal, CancellationToken ct);

    /// <summary>Enqueues a signal that stays invisible for <paramref name="delay"/> (a signal waiting for its orchestration).</summary>
    Task EnqueueAsync(SlaSignalMessage signal, TimeSpan delay, CancellationToken ct);
}
