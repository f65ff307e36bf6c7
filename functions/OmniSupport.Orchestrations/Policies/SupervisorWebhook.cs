namespace OmniSupport.Orchestrations.Policies;

public static class SupervisorWebhook
{
    /// <summary>The step's webhook says <c>true</c>: post to the URL in the <c>Sla:SupervisorWebhookUrl</c> setting (a secret).</summary>
    public const string FromSettings = "setting:Sla:SupervisorWebhookUrl";
}
