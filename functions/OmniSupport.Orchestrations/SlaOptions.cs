namespace OmniSupport.Orchestrations;

public sealed class SlaOptions
{
    public const string SectionName = "Sla";

    /// <summary>Path of the JSON policy file (relative paths: to the working directory, then the app folder). Empty: no SLA targets, surveys only.</summary>
    public string? PolicyFile { get; set; }

    /// <summary>How long after resolution the survey goes out; overrides the file's <c>surveyDelay</c> (default 2 hours).</summary>
    public TimeSpan? SurveyDelay { get; set; }

    /// <summary>Send the CSAT survey after resolution.</summary>
    public bool SurveysEnabled { get; set; } = true;

    /// <summary>The Teams/Slack incoming webhook URL a step with <c>"webhook": true</c> posts to (a secret: Key Vault in Azure).</summary>
    public string? SupervisorWebhookUrl { get; set; }

    /// <summary>Base of the conversation link in supervisor alerts; defaults to <c>Api:PublicBaseUrl</c>.</summary>
    public string? ConversationLinkBase { get; set; }
}
