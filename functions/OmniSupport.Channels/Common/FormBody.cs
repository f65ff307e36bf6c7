using System.Net;
using System.Text;

namespace OmniSupport.Channels.Common;

/// <summary>An <c>application/x-www-form-urlencoded</c> body as the ordered name/value pairs it carried.</summary>
public sealed class FormBody
{
    private FormBody(IReadOnlyList<KeyValuePair<string, string>> pairs) => Pairs = pairs;

    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; }

    /// <summary>The first value of a field, or null.</summary>
    public string? this[string name] => Pairs.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>Decodes the body (<c>+</c> is a space, <c>%XX</c> is a UTF-8 byte).</summary>
    public static FormBody Parse(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var field in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            var name = WebUtility.UrlDecode(eq < 0 ? field : field[..eq]);
            var value = eq < 0 ? "" : WebUtility.UrlDecode(field[(eq + 1)..]);
            pairs.Add(new KeyValuePair<string, string>(name, value));
        }

        return new FormBody(pairs);
    }

    /// <summary>Whether the content type names a form body.</summary>
    public static bool IsForm(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
