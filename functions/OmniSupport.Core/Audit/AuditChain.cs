using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OmniSupport.Core.Audit;

/// <summary>The hash that links an entry to the one before it in its partition.</summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of a partition's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>The canonical bytes of an entry: what the hash covers (and what an export line holds).</summary>
    public static string Canonicalize(AuditEntry entry) => JsonSerializer.Serialize(entry, Canonical);

    public static string Hash(string partition, long sequence, string previousHash, string canonicalEntry)
    {
        var material = string.Join('\n', partition, sequence.ToString(CultureInfo.InvariantCulture), previousHash, canonicalEntry);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }
}
