using System.Globalization;

namespace OmniSupport.Orchestrations.Policies.Reading;

/// <summary>Durations as ops write them: <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>2d</c>, or <c>hh:mm:ss</c>.</summary>
public static class SlaDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        var unit = text[^1];
        if (!double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return false;
        }

        TimeSpan? parsed = char.ToLowerInvariant(unit) switch
        {
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            'd' => TimeSpan.FromDays(value),
            _ => null,
        };
        duration = parsed ?? default;
        return parsed is not null;
    }
}
