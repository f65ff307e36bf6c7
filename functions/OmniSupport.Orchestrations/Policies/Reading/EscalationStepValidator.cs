using System.Text.Json;

namespace OmniSupport.Orchestrations.Policies.Reading;

/// <summary>One escalation step: when, which action, and what that action needs.</summary>
public static class EscalationStepValidator
{
    public static EscalationStep? Validate(Lenient<EscalationDocument> field, string path, PolicyFields errors)
    {
        if (!field.HasValue)
        {
            errors.Add($"{path}: must be an object");
            return null;
        }

        var step = field.Value!;
        var before = errors.Count;
        var after = errors.OptionalDuration(step.After, $"{path}.after") ?? TimeSpan.Zero;
        var action = errors.RequiredString(step.Action, $"{path}.action");
        if (action is not null && !EscalationActions.All.Contains(action))
        {
            errors.Add($"{path}.action: '{action}' is not one of {string.Join(", ", EscalationActions.All)}");
        }

        var email = errors.Strings(step.Email, $"{path}.email");
        var sms = errors.Strings(step.Sms, $"{path}.sms");
        var channels = errors.Strings(step.Channels, $"{path}.channels");
        var webhook = Webhook(step.Webhook, $"{path}.webhook", errors);
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

        var text = errors.OptionalString(step.Text, $"{path}.text");
        var queue = errors.OptionalString(step.Queue, $"{path}.queue");
        int? priority = null;
        if (step.Priority.IsPresent && (step.Priority.WrongKind is not null || step.Priority.Value is < 0 or > 100))
        {
            errors.Add($"{path}.priority: must be a whole number from 0 to 100");
        }
        else if (step.Priority.IsPresent)
        {
            priority = step.Priority.Value;
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

    private static string? Webhook(Lenient<JsonElement> field, string path, PolicyFields errors)
    {
        if (!field.IsPresent || !field.HasValue)
        {
            return null;
        }

        var hook = field.Value;
        switch (hook.ValueKind)
        {
            case JsonValueKind.True:
                return SupervisorWebhook.FromSettings;
            case JsonValueKind.False or JsonValueKind.Null:
                return null;
            case JsonValueKind.String when Uri.TryCreate(hook.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http":
                return hook.GetString();
            default:
                errors.Add($"{path}: must be an http(s) URL, or true for the Sla:SupervisorWebhookUrl setting");
                return null;
        }
    }
}
