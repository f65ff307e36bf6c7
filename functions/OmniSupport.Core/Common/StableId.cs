using System.Security.Cryptography;
using System.Text;

namespace OmniSupport.Core.Common;

/// <summary>
/// Ids derived from a provider's message id: a redelivered message derives the same ids, so every
/// write it causes lands on the same rows instead of adding new ones.
/// </summary>
public static class StableId
{
    public static string From(string prefix, params string[] parts)
    {
        var joined = string.Join('\u001f', parts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(joined));
        return prefix + "_" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    public static string New(string prefix) => prefix + "_" + Guid.CreateVersion7().ToString("N");
}
