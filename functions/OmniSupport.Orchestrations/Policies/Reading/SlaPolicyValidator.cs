using System.Text.Json;

namespace OmniSupport.Orchestrations.Policies.Reading;

/// <summary>
/// Turns the file as read (<see cref="SlaPolicyDocument"/>) into the policies the orchestrations use,
/// collecting every problem with the path of its field (<c>policies[2].escalations[0].after</c>).
/// </summary>
public static class SlaPolicyValidator
{
    public static SlaPolicySet Validate(Lenient<SlaPolicyDocument> root, JsonSerializerOptions options, PolicyFields errors)
    {
        if (!root.HasValue)
        {
            errors.Add("(root): must be an object with a policies array");
            return SlaPolicySet.Empty;
        }

        var document = root.Value!;
        var surveyDelay = errors.OptionalDuration(document.SurveyDelay, "surveyDelay");
        var calendars = new Dictionary<string, BusinessHours>(StringComparer.OrdinalIgnoreCase);
        if (document.BusinessHours.IsPresent && !document.BusinessHours.HasValue)
        {
            errors.Add("businessHours: must be an object of named calendars");
        }

        foreach (var (name, calendar) in document.BusinessHours.Value ?? [])
        {
            if (BusinessHoursValidator.Validate(calendar, $"businessHours.{name}", errors) is { } hours)
            {
                calendars[name] = hours;
            }
        }

        if (!document.Policies.HasValue)
        {
            errors.Add("policies: required, an array of policies");
            return SlaPolicySet.Empty;
        }

        var policies = new List<SlaPolicy>();
        var seen = new Dictionary<(string, string), string>();
        foreach (var (element, index) in document.Policies.Value!.Select((p, i) => (p, i)))
        {
            var path = $"policies[{index}]";
            if (Policy(element, path, calendars, options, errors) is not { } policy)
            {
                continue;
            }

            var key = (policy.Channel.ToLowerInvariant(), policy.Tier?.ToLowerInvariant() ?? "");
            if (!seen.TryAdd(key, path))
            {
                errors.Add($"{path}: channel '{policy.Channel}' and tier '{policy.Tier ?? "(any)"}' are already covered by {seen[key]}");
            }

            if (policies.Any(p => string.Equals(p.Name, policy.Name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{path}.name: '{policy.Name}' is used by another policy");
            }

            policies.Add(policy);
        }

        return new SlaPolicySet(policies, surveyDelay);
    }

    private static SlaPolicy? Policy(Lenient<PolicyDocument> field, string path, Dictionary<string, BusinessHours> calendars, JsonSerializerOptions options, PolicyFields errors)
    {
        if (!field.HasValue)
        {
            errors.Add($"{path}: must be an object");
            return null;
        }

        var policy = field.Value!;
        var before = errors.Count;
        var name = errors.RequiredString(policy.Name, $"{path}.name");
        var channel = errors.OptionalString(policy.Channel, $"{path}.channel") ?? "*";
        var tier = errors.OptionalString(policy.Tier, $"{path}.tier");
        var first = errors.RequiredDuration(policy.FirstResponse, $"{path}.firstResponse");
        var next = errors.OptionalDuration(policy.NextResponse, $"{path}.nextResponse") ?? first;
        var clockStops = errors.OptionalBool(policy.ClockStopsOutsideHours, $"{path}.clockStopsOutsideHours") ?? false;
        var hours = Hours(policy.BusinessHours, $"{path}.businessHours", calendars, options, errors);
        if (clockStops && !policy.BusinessHours.IsPresent)
        {
            errors.Add($"{path}.clockStopsOutsideHours: true needs businessHours");
        }

        var steps = new List<EscalationStep>();
        if (policy.Escalations.IsPresent && policy.Escalations.WrongKind is not null)
        {
            errors.Add($"{path}.escalations: must be an array");
        }

        foreach (var (element, i) in (policy.Escalations.Value ?? []).Select((s, i) => (s, i)))
        {
            if (EscalationStepValidator.Validate(element, $"{path}.escalations[{i}]", errors) is not { } step)
            {
                continue;
            }

            if (steps.Count > 0 && step.After < steps[^1].After)
            {
                errors.Add($"{path}.escalations[{i}].after: steps must be in order of 'after' ({step.After} comes after {steps[^1].After})");
            }

            steps.Add(step);
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

    /// <summary>A policy's hours: the name of one of the file's calendars, or a calendar of its own.</summary>
    private static BusinessHours? Hours(Lenient<JsonElement> field, string path, Dictionary<string, BusinessHours> calendars, JsonSerializerOptions options, PolicyFields errors)
    {
        if (!field.HasValue || field.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.Value.ValueKind == JsonValueKind.String)
        {
            var name = field.Value.GetString()!;
            if (calendars.TryGetValue(name, out var named))
            {
                return named;
            }

            errors.Add($"{path}: no calendar named '{name}' under businessHours");
            return null;
        }

        var inline = field.Value.ValueKind == JsonValueKind.Object
            ? new Lenient<BusinessHoursDocument>(true, field.Value.Deserialize<BusinessHoursDocument>(options), null)
            : new Lenient<BusinessHoursDocument>(true, null, field.Value.ValueKind.ToString());
        return BusinessHoursValidator.Validate(inline, path, errors);
    }
}
