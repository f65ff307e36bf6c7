using System.Security.Cryptography;
using System.Text;

namespace OmniSupport.Channels.Common;

/// <summary>Constant-time comparisons of provider signatures.</summary>
public static class Signatures
{
    public static bool HexEquals(byte[] expected, string? presentedHex)
    {
        if (string.IsNullOrWhiteSpace(presentedHex))
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(presentedHex.Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static bool Base64Equals(byte[] expected, string? presentedBase64)
    {
        if (string.IsNullOrWhiteSpace(presentedBase64))
        {
            return false;
        }

        var presented = new byte[presentedBase64.Length];
        return Convert.TryFromBase64String(presentedBase64.Trim(), presented, out var written)
            && CryptographicOperations.FixedTimeEquals(expected, presented.AsSpan(0, written));
    }

    public static bool TextEquals(string expected, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
