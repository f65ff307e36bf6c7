namespace OmniSupport.Core.Knowledge;

public sealed record SmsLength(string Encoding, int Units, int Segments);

/// <summary>
/// SMS segment arithmetic (3GPP TS 23.038 / 23.040): GSM-7 text takes 160 septets in one segment
/// and 153 per segment when concatenated (the UDH takes 7); extension-table characters take two
/// septets. Anything outside GSM-7 forces UCS-2: 70 UTF-16 units alone, 67 per concatenated segment.
/// </summary>
public static class SmsSegments
{
    // The GSM 03.38 default alphabet (basic table).
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // The extension table: each costs an escape plus the character.
    private const string Extension = "^{}\\[~]|€\f";

    public static bool IsGsm7(string text) => text.All(c => Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal));

    public static SmsLength Measure(string text)
    {
        if (IsGsm7(text))
        {
            var septets = text.Sum(c => Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1);
            return new SmsLength("GSM-7", septets, septets <= 160 ? 1 : (int)Math.Ceiling(septets / 153.0));
        }

        var units = text.Length;
        return new SmsLength("UCS-2", units, units <= 70 ? 1 : (int)Math.Ceiling(units / 67.0));
    }

    /// <summary>The text if it fits in <paramref name="maxSegments"/>; else cut at a word boundary with the suffix (e.g. a link) appended.</summary>
    public static string Fit(string text, int maxSegments, string suffix)
    {
        if (Measure(text).Segments <= maxSegments)
        {
            return text;
        }

        var cut = text.Length;
        while (cut > 0)
        {
            cut = text.LastIndexOfAny([' ', '\n'], Math.Max(0, cut - 1));
            if (cut <= 0)
            {
                break;
            }

            var candidate = text[..cut].TrimEnd() + suffix;
            if (Measure(candidate).Segments <= maxSegments)
            {
                return candidate;
            }
        }

        return Measure(suffix.Trim()).Segments <= maxSegments ? suffix.Trim() : suffix.Trim()[..Math.Min(suffix.Trim().Length, 67 * maxSegments)];
    }
}
