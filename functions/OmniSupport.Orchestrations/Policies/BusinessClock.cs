namespace OmniSupport.Orchestrations.Policies;

/// <summary>
/// Adds a duration to an instant counting only business time when the policy stops the clock outside
/// its hours. Pure and deterministic (time zone rules come from the machine's IANA database), so the
/// orchestrator may call it.
/// </summary>
public static class BusinessClock
{
    private const int MaxDays = 3660;

    public static DateTimeOffset Add(DateTimeOffset start, TimeSpan duration, SlaPolicy policy) =>
        policy.ClockStopsOutsideHours && policy.Hours is not null ? Add(start, duration, policy.Hours) : start + duration;

    public static DateTimeOffset Add(DateTimeOffset start, TimeSpan duration, BusinessHours hours)
    {
        if (hours.Weekly.Count == 0)
        {
            return start + duration;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);
        var cursor = start.ToUniversalTime();
        var remaining = duration;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(cursor, zone).DateTime);
        for (var i = 0; i < MaxDays; i++, day = day.AddDays(1))
        {
            if (hours.Holidays.Contains(day))
            {
                continue;
            }

            foreach (var open in hours.Weekly.Where(h => h.Day == day.DayOfWeek).OrderBy(h => h.OpenMinute))
            {
                var from = ToUtc(day, open.OpenMinute, zone);
                var to = ToUtc(day, open.CloseMinute, zone);
                if (to <= cursor)
                {
                    continue;
                }

                if (from > cursor)
                {
                    cursor = from;
                }

                var available = to - cursor;
                if (remaining <= available)
                {
                    return cursor + remaining;
                }

                remaining -= available;
                cursor = to;
            }
        }

        throw new InvalidOperationException($"No business hours within {MaxDays} days in {hours.TimeZone}.");
    }

    /// <summary>Whether the instant falls inside the business hours.</summary>
    public static bool IsOpen(DateTimeOffset at, BusinessHours hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var minute = (local.Hour * 60) + local.Minute;
        return !hours.Holidays.Contains(day) && hours.Weekly.Any(h => h.Day == day.DayOfWeek && minute >= h.OpenMinute && minute < h.CloseMinute);
    }

    private static DateTimeOffset ToUtc(DateOnly day, int minute, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue).AddMinutes(minute);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30); // inside a spring-forward gap: the clock jumps, so does the opening
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}
