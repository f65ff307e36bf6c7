namespace OmniSupport.Channels.Meta;

public sealed class MetaOptions
{
    public const string SectionName = "Channels:Meta";

    /// <summary>The Meta app secret: every delivery is signed with it (X-Hub-Signature-256).</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The verify token typed into the app's webhook settings; Meta echoes it in the subscription handshake.</summary>
    public string VerifyToken { get; set; } = "";
}
