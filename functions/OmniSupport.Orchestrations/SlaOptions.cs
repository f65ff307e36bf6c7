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

    /// <summary>Twilio Voice for call tasks; when AccountSid is empty, call tasks wait in <c>GET /api/callbacks</c> for an agent.</summary>
    public VoiceOptions Voice { get; set; } = new();
}

public sealed class VoiceOptions
{
    public string? AccountSid { get; set; }

    /// <summary>Secret: Key Vault in Azure.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The Twilio number calls come from (E.164).</summary>
    public string? From { get; set; }

    /// <summary>TwiML the call runs when answered (e.g. connect to the agents' queue).</summary>
    public string? TwimlUrl { get; set; }

    /// <summary>Where Twilio posts call status (the hub's voice status webhook).</summary>
    public string? StatusCallbackUrl { get; set; }

    /// <summary>Twilio's REST base (a WireMock server in tests).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    public bool Configured => !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken) && !string.IsNullOrWhiteSpace(From);
}
