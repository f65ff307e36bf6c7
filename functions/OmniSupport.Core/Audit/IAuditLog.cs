namespace OmniSupport.Core.Audit;

/// <summary>The append-only audit log. There is deliberately no update or delete.</summary>
public interface IAuditLog
{
    /// <summary>Appends the entry to the chain of each partition (its day, and each customer it touched).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken ct);

    /// <summary>A customer's entries in a time window, newest first.</summary>
    Task<IReadOnlyList<ChainedAuditEntry>> ReadCustomerAsync(string customerId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>One UTC day's entries in chain order.</summary>
    IAsyncEnumerable<ChainedAuditEntry> ReadDayAsync(DateOnly day, CancellationToken ct);

    /// <summary>Recomputes every partition's chain (or only the named one) and reports the first broken link.</summary>
    Task<AuditVerification> VerifyAsync(string? partition, CancellationToken ct);
}
