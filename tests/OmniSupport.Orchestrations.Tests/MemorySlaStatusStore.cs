using System.Text.Json;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Sla;

namespace OmniSupport.Orchestrations.Tests;

/// <summary>The status store's contract in memory: copies in and out, a version per write, conflicts as the table gives them.</summary>
public sealed class MemorySlaStatusStore : ISlaStatusStore
{
    private readonly Dictionary<string, (string Json, int Version)> _rows = [];

    /// <summary>Runs once, between the next save's read and its write, as another writer would.</summary>
    public Action<MemorySlaStatusStore>? BeforeNextSave { get; set; }

    public int Saves { get; private set; }

    /// <summary>Forgets every row, as if none had been written.</summary>
    public void Clear() => _rows.Clear();

    public Task<SlaStatus?> GetAsync(string conversationId, CancellationToken ct) => Task.FromResult(Read(conversationId));

    public SlaStatus? Read(string conversationId)
    {
        if (!_rows.TryGetValue(conversationId, out var row))
        {
            return null;
        }

        var status = JsonSerializer.Deserialize<SlaStatus>(row.Json)!;
        status.Version = row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return status;
    }

    public Task SaveAsync(SlaStatus status, CancellationToken ct)
    {
        if (BeforeNextSave is { } other)
        {
            BeforeNextSave = null;
            other(this);
        }

        var stored = _rows.TryGetValue(status.ConversationId, out var row) ? row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        if (stored != status.Version)
        {
            throw new ConcurrencyConflictException($"SLA status of {status.ConversationId} changed since it was read.");
        }

        _rows[status.ConversationId] = (JsonSerializer.Serialize(status), row.Version + 1);
        Saves++;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SlaStatus>> ListOpenAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SlaStatus>>(_rows.Keys.Select(k => Read(k)!).Where(s => s.State != SlaStates.Resolved).ToList());
}
