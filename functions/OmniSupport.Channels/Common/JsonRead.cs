using System.Globalization;
using System.Text.Json;

namespace OmniSupport.Channels.Common;

/// <summary>Tolerant reads of provider JSON: a missing or differently typed field is null, never an exception.</summary>
public static class JsonRead
{
    /// <summary>Parses the body; null when it is not JSON.</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        // JSON is UTF-8 (RFC 8259); the reader checks only what it decodes, so a bad byte inside a string could pass.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A property by name, matched exactly first and then ignoring case (some providers document both spellings).</summary>
    public static JsonElement? Prop(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static JsonElement? Prop(this JsonElement? element, string name) => element?.Prop(name);

    /// <summary>A string, or a number/bool written as text; null otherwise.</summary>
    public static string? Str(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Number => element.Value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static string? Str(this JsonElement element, string name) => element.Prop(name).Str();

    public static double? Number(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.Number => element.Value.GetDouble(),
        JsonValueKind.String when double.TryParse(element.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static IEnumerable<JsonElement> Items(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>A value as text for a slot or parameter: strings as they are, anything else as compact JSON.</summary>
    public static string? AsText(this JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };

    public static DateTimeOffset? UnixSeconds(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 && s < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;

    public static DateTimeOffset? UnixMilliseconds(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0 && ms < 253402300799000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    public static DateTimeOffset? Iso(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
