using System.Globalization;

namespace OmniSupport.Orchestrations.Policies.Reading;

/// <summary>The problems found in a policy file, each prefixed with the path of its field, and the checks of single fields.</summary>
public sealed class PolicyFields
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public int Count => _errors.Count;

    public void Add(string problem) => _errors.Add(problem);

    /// <summary>A non-empty string (trimmed), null when missing or null; an error when of another kind or blank.</summary>
    public string? OptionalString(Lenient<string> field, string path)
    {
        if (!field.IsPresent || (field.WrongKind is null && field.Value is null))
        {
            return null;
        }

        if (field.WrongKind is not null || string.IsNullOrWhiteSpace(field.Value))
        {
            Add($"{path}: must be a non-empty string");
            return null;
        }

        return field.Value.Trim();
    }

    public string? RequiredString(Lenient<string> field, string path)
    {
        if (!field.IsPresent || (field.WrongKind is null && field.Value is null))
        {
            Add($"{path}: required");
            return null;
        }

        return OptionalString(field, path);
    }

    public bool? OptionalBool(Lenient<bool> field, string path)
    {
        if (!field.IsPresent || (field.WrongKind is null && !field.HasValue))
        {
            return null;
        }

        if (field.WrongKind is not null)
        {
            Add($"{path}: must be true or false");
            return null;
        }

        return field.Value;
    }

    public TimeSpan? OptionalDuration(Lenient<string> field, string path)
    {
        if (!field.IsPresent || (field.WrongKind is null && field.Value is null))
        {
            return null;
        }

        if (field.WrongKind is null && SlaDuration.TryParse(field.Value, out var duration))
        {
            return duration;
        }

        Add($"{path}: '{field.Value ?? "(" + field.WrongKind + ")"}' is not a duration such as 90s, 30m, 24h, 2d or 00:30:00");
        return null;
    }

    public TimeSpan? RequiredDuration(Lenient<string> field, string path)
    {
        if (!field.IsPresent)
        {
            Add($"{path}: required, a duration such as 30m, 24h or 00:30:00");
            return null;
        }

        return OptionalDuration(field, path);
    }

    public List<string> Strings(Lenient<List<string>> field, string path)
    {
        if (field.WrongKind is not null)
        {
            Add($"{path}: must be a string or an array of strings");
        }

        return field.Value ?? [];
    }

    public static bool TryMinute(string text, out int minute)
    {
        minute = 0;
        var parts = text.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > 59 || h > 24 || (h == 24 && m != 0))
        {
            return false;
        }

        minute = (h * 60) + m;
        return true;
    }
}
