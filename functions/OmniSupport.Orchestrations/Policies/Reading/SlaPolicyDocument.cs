using System.Text.Json;

namespace OmniSupport.Orchestrations.Policies.Reading;

// The policy file as ops write it (format: README "The policy file", sla-policies.sample.json), field for
// field; every field is Lenient so a file with several mistakes is read whole. SlaPolicyValidator turns
// it into the SlaPolicySet the orchestrations use.

public sealed class SlaPolicyDocument
{
    public Lenient<string> SurveyDelay { get; init; }

    /// <summary>Named calendars a policy can refer to by name.</summary>
    public Lenient<Dictionary<string, Lenient<BusinessHoursDocument>>> BusinessHours { get; init; }

    public Lenient<List<Lenient<PolicyDocument>>> Policies { get; init; }
}

public sealed class PolicyDocument
{
    public Lenient<string> Name { get; init; }

    public Lenient<string> Channel { get; init; }

    public Lenient<string> Tier { get; init; }

    public Lenient<string> FirstResponse { get; init; }

    public Lenient<string> NextResponse { get; init; }

    public Lenient<bool> ClockStopsOutsideHours { get; init; }

    /// <summary>The name of a calendar under the file's businessHours, or a calendar of its own.</summary>
    public Lenient<JsonElement> BusinessHours { get; init; }

    public Lenient<List<Lenient<EscalationDocument>>> Escalations { get; init; }
}

public sealed class EscalationDocument
{
    public Lenient<string> After { get; init; }

    public Lenient<string> Action { get; init; }

    public Lenient<List<string>> Email { get; init; }

    public Lenient<List<string>> Sms { get; init; }

    /// <summary>An http(s) URL, or true for the <c>Sla:SupervisorWebhookUrl</c> setting.</summary>
    public Lenient<JsonElement> Webhook { get; init; }

    public Lenient<List<string>> Channels { get; init; }

    public Lenient<string> Text { get; init; }

    public Lenient<string> Queue { get; init; }

    public Lenient<int> Priority { get; init; }
}

public sealed class BusinessHoursDocument
{
    public Lenient<string> TimeZone { get; init; }

    /// <summary>Day (mon..sun) to "09:00-17:00", several ranges comma-separated, or "closed".</summary>
    public Lenient<Dictionary<string, Lenient<string>>> Weekly { get; init; }

    public Lenient<List<string>> Holidays { get; init; }
}
