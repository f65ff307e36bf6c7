using System.Globalization;
using System.Text.Json;

namespace OmniSupport.Orchestrations.Policies;

/// <summary>The policy file did not validate; each error names the field (<c>policies[2].escalations[0].after</c>).</summary>
public sealed class SlaPolicyException(string source, IReadOnlyList<string> errors)
    : Exception($"SLA policy file {source} is invalid: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Reads and validates the JSON policy file ops edit (format in the README, "The policy file", and
/// sla-policies.sample.json). Every problem is collected, each with the path of the bad field.
/// </summary>
public static class SlaPolicyFile
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

    public static SlaPolicySet Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SlaPolicyException(path, [$"Sla:PolicyFile: no file at {path}"]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static SlaPolicySet Parse(string json, string source = "(inline)")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new SlaPolicyException(source, [$"not valid JSON at line {ex.LineNumber + 1}: {ex.Message}"]);
        }

        using (document)
        {
            var errors = new List<string>();
            var set = Read(document.RootElement, errors);
            return errors.Count == 0 ? set : throw new SlaPolicyException(source, errors);
        }
    }

    private static SlaPolicySet Read(JsonElement root, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("(root): must be an object with a policies array");
            return SlaPolicySet.Empty;
        }

        var surveyDelay = OptionalDuration(root, "surveyDelay", "surveyDelay", errors);
        var hours = new Dictionary<string, BusinessHours>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("businessHours", out var hoursElement))
        {
            if (hoursElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("businessHours: must be an object of named calendars");
            }
            else
            {
                foreach (var calendar in hoursElement.EnumerateObject())
                {
                    var parsed = ReadHours(calendar.Value, $"businessHours.{calendar.Name}", errors);
                    if (parsed is not null)
                    {
                        hours[calendar.Name] = parsed;
                    }
                }
            }
        }

        if (!root.TryGetProperty("policies", out var policiesElement) || policiesElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add("policies: required, an array of policies");
            return SlaPolicySet.Empty;
        }

        var policies = new List<SlaPolicy>();
        var seen = new Dictionary<(string, string), string>();
        var index = 0;
        foreach (var element in policiesElement.EnumerateArray())
        {
            var path = $"policies[{index++}]";
            var policy = ReadPolicy(element, path, hours, errors);
            if (policy is null)
            {
                continue;
            }

            var key = (policy.Channel.ToLowerInvariant(), policy.Tier?.ToLowerInvariant() ?? "");
            if (seen.TryGetValue(key, out var other))
            {
                errors.Add($"{path}: channel '{policy.Channel}' and tier '{policy.Tier ?? "(any)"}' are already covered by {other}");
            }
            else
            {
                seen[key] = path;
            }

            if (policies.Any(p => string.Equals(p.Name, policy.Name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{path}.name: '{policy.Name}' is used by another policy");
            }

            policies.Add(policy);
        }

        return new SlaPolicySet(policies, surveyDelay);
    }

    private static SlaPolicy? ReadPolicy(JsonElement element, string path, Dictionary<string, BusinessHours> calendars, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object");
            return null;
        }

        var before = errors.Count;
        var name = RequiredString(element, "name", path, errors);
        var channel = OptionalString(element, "channel", path, errors) ?? "*";
        var tier = OptionalString(element, "tier", path, errors);
        var first = RequiredDuration(element, "firstResponse", path, errors);
        var next = OptionalDuration(element, "nextResponse", $"{path}.nextResponse", errors) ?? first;
        var clockStops = OptionalBool(element, "clockStopsOutsideHours", path, errors) ?? false;
        BusinessHours? hours = null;
        if (element.TryGetProperty("businessHours", out var hoursElement))
        {
            if (hoursElement.ValueKind == JsonValueKind.String)
            {
                var calendar = hoursElement.GetString()!;
                if (!calendars.TryGetValue(calendar, out hours))
                {
                    errors.Add($"{path}.businessHours: no calendar named '{calendar}' under businessHours");
                }
            }
            else
            {
                hours = ReadHours(hoursElement, $"{path}.businessHours", errors);
            }
        }

        if (clockStops && hours is null && !element.TryGetProperty("businessHours", out _))
        {
            errors.Add($"{path}.clockStopsOutsideHours: true needs businessHours");
        }

        var steps = new List<EscalationStep>();
        if (element.TryGetProperty("escalations", out var stepsElement))
        {
            if (stepsElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{path}.escalations: must be an array");
            }
            else
            {
                var i = 0;
                foreach (var step in stepsElement.EnumerateArray())
                {
                    var parsed = ReadStep(step, $"{path}.escalations[{i++}]", errors);
                    if (parsed is not null)
                    {
                        if (steps.Count > 0 && parsed.After < steps[^1].After)
                        {
                            errors.Add($"{path}.escalations[{i - 1}].after: steps must be in order of 'after' ({parsed.After} comes after {steps[^1].After})");
                        }

                        steps.Add(parsed);
                    }
                }
            }
        }

        if (errors.Count > before || name is null || first is null)
        {
            return null;
        }

        return new SlaPolicy
        {
            Name = name,
            Channel = channel,
            Tier = tier,
            FirstResponse = first.Value,
            NextResponse = next ?? first.Value,
            Hours = hours,
            ClockStopsOutsideHours = clockStops,
            Escalations = steps,
        };
    }

    private static EscalationStep? ReadStep(JsonElement element, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object");
            return null;
        }

        var before = errors.Count;
        var after = OptionalDuration(element, "after", $"{path}.after", errors) ?? TimeSpan.Zero;
        var action = RequiredString(element, "action", path, errors);
        if (action is not null && !EscalationActions.All.Contains(action))
        {
            errors.Add($"{path}.action: '{action}' is not one of {string.Join(", ", EscalationActions.All)}");
        }

        var email = StringList(element, "email", path, errors);
        var sms = StringList(element, "sms", path, errors);
        var channels = StringList(element, "channels", path, errors);
        string? webhook = null;
        if (element.TryGetProperty("webhook", out var hook))
        {
            webhook = hook.ValueKind switch
            {
                JsonValueKind.True => SupervisorWebhook.FromSettings,
                JsonValueKind.False or JsonValueKind.Null => null,
                JsonValueKind.String when Uri.TryCreate(hook.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" => hook.GetString(),
                _ => Error(errors, $"{path}.webhook: must be an http(s) URL, or true for the Sla:SupervisorWebhookUrl setting"),
            };
        }

        foreach (var (address, i) in email.Select((a, i) => (a, i)))
        {
            if (!address.Contains('@', StringComparison.Ordinal))
            {
                errors.Add($"{path}.email[{i}]: not an email address");
            }
        }

        foreach (var (number, i) in sms.Select((a, i) => (a, i)))
        {
            if (!number.StartsWith('+') || number.Length < 8 || !number[1..].All(char.IsAsciiDigit))
            {
                errors.Add($"{path}.sms[{i}]: must be an E.164 number such as +14155550100");
            }
        }

        var text = OptionalString(element, "text", path, errors);
        var queue = OptionalString(element, "queue", path, errors);
        int? priority = null;
        if (element.TryGetProperty("priority", out var p))
        {
            if (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var value) && value is >= 0 and <= 100)
            {
                priority = value;
            }
            else
            {
                errors.Add($"{path}.priority: must be a whole number from 0 to 100");
            }
        }

        switch (action)
        {
            case EscalationActions.NotifySupervisor when email.Count == 0 && sms.Count == 0 && webhook is null:
                errors.Add($"{path}: notify-supervisor needs at least one of email, sms, webhook");
                break;
            case EscalationActions.FollowUp when channels.Count == 0:
                errors.Add($"{path}.channels: follow-up needs the channels to try (e.g. [\"email\"])");
                break;
            case EscalationActions.Requeue when queue is null && priority is null:
                errors.Add($"{path}: requeue needs a queue, a priority, or both");
                break;
        }

        return errors.Count > before || action is null
            ? null
            : new EscalationStep { After = after, Action = action, Email = email, Sms = sms, Webhook = webhook, Channels = channels, Text = text, Queue = queue, Priority = priority };
    }

    private static BusinessHours? ReadHours(JsonElement element, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object with timeZone and weekly, or the name of a calendar");
            return null;
        }

        var before = errors.Count;
        var zone = RequiredString(element, "timeZone", path, errors);
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add($"{path}.timeZone: '{zone}' is not a known IANA time zone");
        }

        var weekly = new List<OpenHours>();
        if (!element.TryGetProperty("weekly", out var weeklyElement) || weeklyElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.weekly: required, an object of day → \"09:00-17:00\" (several ranges comma-separated, or \"closed\")");
        }
        else
        {
            foreach (var day in weeklyElement.EnumerateObject())
            {
                var dayPath = $"{path}.weekly.{day.Name}";
                if (!Days.TryGetValue(day.Name, out var dayOfWeek))
                {
                    errors.Add($"{dayPath}: not a day of the week (mon..sun or monday..sunday)");
                    continue;
                }

                var text = day.Value.ValueKind == JsonValueKind.String ? day.Value.GetString()! : "";
                if (text.Equals("closed", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (var range in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).DefaultIfEmpty(""))
                {
                    var parts = range.Split('-', StringSplitOptions.TrimEntries);
                    if (parts.Length != 2 || !TryMinute(parts[0], out var open) || !TryMinute(parts[1], out var close) || close <= open)
                    {
                        errors.Add($"{dayPath}: '{range}' is not a range such as 09:00-17:00 (closing after opening, up to 24:00)");
                        continue;
                    }

                    weekly.Add(new OpenHours(dayOfWeek, open, close));
                }
            }
        }

        var holidays = new List<DateOnly>();
        var list = StringList(element, "holidays", path, errors);
        foreach (var (text, i) in list.Select((h, i) => (h, i)))
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

    /// <summary>Durations as <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>2d</c>, or <c>hh:mm:ss</c>.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
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

    private static bool TryMinute(string text, out int minute)
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

    private static string? Error(List<string> errors, string message)
    {
        errors.Add(message);
        return null;
    }

    private static string? RequiredString(JsonElement element, string name, string path, List<string> errors)
    {
        var value = OptionalString(element, name, path, errors);
        if (value is null && !element.TryGetProperty(name, out _))
        {
            errors.Add($"{path}.{name}: required");
        }

        return value;
    }

    private static string? OptionalString(JsonElement element, string name, string path, List<string> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add($"{path}.{name}: must be a non-empty string");
            return null;
        }

        return value.GetString()!.Trim();
    }

    private static bool? OptionalBool(JsonElement element, string name, string path, List<string> errors)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add($"{path}.{name}: must be true or false");
        return null;
    }

    private static TimeSpan? RequiredDuration(JsonElement element, string name, string path, List<string> errors)
    {
        if (!element.TryGetProperty(name, out _))
        {
            errors.Add($"{path}.{name}: required, a duration such as 30m, 24h or 00:30:00");
            return null;
        }

        return OptionalDuration(element, name, $"{path}.{name}", errors);
    }

    private static TimeSpan? OptionalDuration(JsonElement element, string name, string fieldPath, List<string> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TryParseDuration(value.GetString(), out var duration))
        {
            return duration;
        }

        errors.Add($"{fieldPath}: '{value}' is not a duration such as 90s, 30m, 24h, 2d or 00:30:00");
        return null;
    }

    private static List<string> StringList(JsonElement element, string name, string path, List<string> errors)
    {
        var list = new List<string>();
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return list;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            list.Add(value.GetString()!);
            return list;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            errors.Add($"{path}.{name}: must be a string or an array of strings");
            return list;
        }

        list.AddRange(value.EnumerateArray().Select(v => v.GetString()!));
        return list;
    }
}

public static class SupervisorWebhook
{
    /// <summary>The step's webhook says <c>true</c>: post to the URL in the <c>Sla:SupervisorWebhookUrl</c> setting (a secret).</summary>
    public const string FromSettings = "setting:Sla:SupervisorWebhookUrl";
}
