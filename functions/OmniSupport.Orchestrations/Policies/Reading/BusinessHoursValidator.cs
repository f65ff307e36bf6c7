using System.Globalization;

namespace OmniSupport.Orchestrations.Policies.Reading;

/// <summary>A calendar of the file: an IANA time zone, open ranges per weekday, holidays.</summary>
public static class BusinessHoursValidator
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday,
    };

    public static BusinessHours? Validate(Lenient<BusinessHoursDocument> field, string path, PolicyFields errors)
    {
        if (!field.HasValue)
        {
            errors.Add($"{path}: must be an object with timeZone and weekly, or the name of a calendar");
            return null;
        }

        var document = field.Value!;
        var before = errors.Count;
        var zone = errors.RequiredString(document.TimeZone, $"{path}.timeZone");
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add($"{path}.timeZone: '{zone}' is not a known IANA time zone");
        }

        var weekly = Weekly(document.Weekly, $"{path}.weekly", errors);
        var holidays = new List<DateOnly>();
        foreach (var (text, i) in errors.Strings(document.Holidays, $"{path}.holidays").Select((h, i) => (h, i)))
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                holidays.Add(date);
            }
            else
            {
                errors.Add($"{path}.holidays[{i}]: '{text}' is not a date in yyyy-MM-dd");
            }
        }

        return errors.Count > before || zone is null ? null : new BusinessHours { TimeZone = zone, Weekly = weekly, Holidays = holidays };
    }

    private static List<OpenHours> Weekly(Lenient<Dictionary<string, Lenient<string>>> field, string path, PolicyFields errors)
    {
        var weekly = new List<OpenHours>();
        if (!field.HasValue)
        {
            errors.Add($"{path}: required, an object of day → \"09:00-17:00\" (several ranges comma-separated, or \"closed\")");
            return weekly;
        }

        foreach (var (day, value) in field.Value!)
        {
            var dayPath = $"{path}.{day}";
            if (!Days.TryGetValue(day, out var dayOfWeek))
            {
                errors.Add($"{dayPath}: not a day of the week (mon..sun or monday..sunday)");
                continue;
            }

            var text = value.WrongKind is null ? value.Value ?? "" : "";
            if (text.Equals("closed", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var range in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).DefaultIfEmpty(""))
            {
                var parts = range.Split('-', StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !PolicyFields.TryMinute(parts[0], out var open) || !PolicyFields.TryMinute(parts[1], out var close) || close <= open)
                {
                    errors.Add($"{dayPath}: '{range}' is not a range such as 09:00-17:00 (closing after opening, up to 24:00)");
                    continue;
                }

                weekly.Add(new OpenHours(dayOfWeek, open, close));
            }
        }

        return weekly;
    }
}
