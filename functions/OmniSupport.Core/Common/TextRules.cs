using System.Globalization;

namespace OmniSupport.Core.Common;

/// <summary>
/// The character rules every id, identity and name the hub accepts shares (identities, inbound ids and
/// metadata keys, route ids, provider and source names): one place, so the hosts and the ingest agree.
/// </summary>
public static class TextRules
{
    /// <summary>
    /// Control characters (NUL, line breaks), format characters (bidi overrides, zero-width joiners) and lone
    /// surrogates: never part of a real id, address or name, and a way to make two values look alike.
    /// </summary>
    public static bool HasControlOrInvisible(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A lower-case token (an identity kind, a source name): 1 to <paramref name="maxLength"/> of a-z, 0-9, '-', '_' and the extra characters.</summary>
    public static bool IsLowerToken(string? value, int maxLength, string extra = "")
    {
        ArgumentNullException.ThrowIfNull(extra);
        return value is { Length: > 0 } && value.Length <= maxLength
            && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' || extra.Contains(c, StringComparison.Ordinal));
    }
}
