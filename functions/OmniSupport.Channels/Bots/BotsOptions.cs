namespace OmniSupport.Channels.Bots;

public sealed class BotsOptions
{
    public const string SectionName = "Channels:Bots";

    /// <summary>
    /// The bearer secret each bot platform sends (<c>Authorization: Bearer {secret}</c>), by platform:
    /// <c>Channels:Bots:Secrets:dialogflow</c>, <c>…:lex</c>, <c>…:generic</c>. A platform without a secret is refused.
    /// </summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
