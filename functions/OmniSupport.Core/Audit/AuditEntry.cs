namespace OmniSupport.Core.Audit;

/// <summary>
/// One read or write of the hub's data through the API. Entries are append-only: each carries the
/// SHA-256 of the entry before it in its partition, so an altered or removed entry breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    public required string Id { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>The API key id (never the key) or another principal.</summary>
    public required string Actor { get; init; }

    /// <summary>Method and route template, e.g. <c>GET customers/{id}</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The request path as called.</summary>
    public required string Resource { get; init; }

    /// <summary>Customers whose data the call touched (empty for calls on no customer).</summary>
    public IReadOnlyList<string> CustomerIds { get; init; } = [];
    public int Status { get; init; }
    public string? RequestId { get; init; }
    public string? ClientAddress { get; init; }
}

/// <summary>An entry as stored in one partition's chain.</summary>
public sealed record ChainedAuditEntry(AuditEntry Entry, string Partition, long Sequence, string PreviousHash, string Hash);

/// <summary>The result of recomputing every chain: the first broken link, if any.</summary>
public sealed record AuditVerification(bool Valid, int Partitions, long Entries, AuditBreak? FirstBreak);

public sealed record AuditBreak(string Partition, long Sequence, string? EntryId, string Reason);

public static class AuditPartitions
{
    public static string Customer(string customerId) => "customer:" + customerId;

    public static string Day(DateTimeOffset at) => "day:" + at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
