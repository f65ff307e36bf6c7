using System.Security.Cryptography;
using System.Text;

namespace OmniSupport.Channels.Common;

/// <summary>The keyed hashes providers sign webhooks with.</summary>
public static class Hmac
{
    public static byte[] Sha1(string secret, ReadOnlySpan<byte> data) => HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), data);

    public static byte[] Sha1(string secret, string data) => Sha1(secret, Encoding.UTF8.GetBytes(data));

    public static byte[] Sha256(string secret, ReadOnlySpan<byte> data) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);

    public static byte[] Sha256(string secret, string data) => Sha256(secret, Encoding.UTF8.GetBytes(data));

    /// <summary>The header value without its algorithm prefix (<c>sha256=abc</c> → <c>abc</c>), or null when the prefix is not there.</summary>
    public static string? WithoutPrefix(string? header, string prefix) =>
        header is not null && header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..] : null;
}
