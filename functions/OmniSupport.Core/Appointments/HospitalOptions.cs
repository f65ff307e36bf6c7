namespace OmniSupport.Core.Appointments;

/// <summary>The hospital scenario's settings (section <c>Hospital</c>); the EHR's connection is <c>Channels:Fhir</c>.</summary>
public sealed class HospitalOptions
{
    public const string SectionName = "Hospital";

    /// <summary>Off by default: the importer and the reminder queue run only for a hub that serves a hospital.</summary>
    public bool Enabled { get; set; }

    /// <summary>How many days ahead the importer reads (from now).</summary>
    public int LookAheadDays { get; set; } = 3;

    /// <summary>Location ids to read (Oracle Health requires a location or practitioner on Appointment searches).</summary>
    public List<string> Locations { get; set; } = [];

    /// <summary>Practitioner ids to read, for EHRs that filter that way.</summary>
    public List<string> Practitioners { get; set; } = [];

    /// <summary>The Server's import interval (the Functions timer runs on <see cref="HospitalSchedule.ImportCron"/>).</summary>
    public TimeSpan ImportInterval { get; set; } = HospitalSchedule.ImportInterval;

    public ReminderPolicy Reminders { get; set; } = new();

    /// <summary>
    /// Words that make an email from a patient with a reminder pending a cancellation, per language.
    /// Matched as whole words, case- and accent-insensitive, in the subject and the first lines of the body.
    /// </summary>
    public Dictionary<string, List<string>> CancellationKeywords { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = ["cancel", "cancellation", "cancelled", "canceled", "can't make it", "cannot make it", "cannot come", "can't come"],
        ["es"] = ["cancelar", "cancelo", "cancelación", "anular", "no puedo ir", "no podré ir"],
        ["fr"] = ["annuler", "annulation", "annule", "je ne pourrai pas venir"],
        ["de"] = ["absagen", "stornieren", "absage", "kann nicht kommen"],
        ["pt"] = ["cancelar", "cancelamento", "desmarcar", "não posso ir"],
    };
}

/// <summary>The reminder policy: when to remind, how long to wait for an answer, how to call.</summary>
public sealed class ReminderPolicy
{
    /// <summary>How long before the appointment the SMS reminder goes out.</summary>
    public TimeSpan LeadTime { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long a reminder waits for a reply before a call task is opened.</summary>
    public TimeSpan ReplyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many calls are placed in all when the line is busy or nobody answers.</summary>
    public int CallAttempts { get; set; } = 3;

    /// <summary>The wait between two calls after busy / no-answer / failed.</summary>
    public TimeSpan CallRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long one call task waits for its outcome before the next attempt.</summary>
    public TimeSpan CallOutcomeWindow { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The reminder text; {name}, {when} and {where} are filled in.</summary>
    public string Text { get; set; } = "Hello {name}, this is a reminder of your appointment on {when}{where}. Reply C to confirm or X to cancel.";
}

/// <summary>The import timer, one source for both hosts.</summary>
public static class HospitalSchedule
{
    /// <summary>Every 15 minutes (the Functions TimerTrigger's NCRONTAB).</summary>
    public const string ImportCron = "0 */15 * * * *";

    public static readonly TimeSpan ImportInterval = TimeSpan.FromMinutes(15);
}
