using System.Text;

namespace OmniSupport.Storage;

/// <summary>
/// Table keys may not hold <c>/ \ # ?</c> or control characters; provider ids and identities can.
/// Those characters (and <c>%</c> itself) are percent-encoded, so the mapping is one-to-one.
/// </summary>
public static class KeyEscaper
{
    public static string Escape(string value)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var bad = c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
            if (bad)
            {
                sb ??= new StringBuilder(value, 0, i, value.Length + 8);
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? value;
    }
}
