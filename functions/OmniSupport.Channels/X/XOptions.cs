namespace OmniSupport.Channels.X;

public sealed class XOptions
{
    public const string SectionName = "Channels:X";

    /// <summary>The app's consumer secret (API key secret): the CRC answer and every delivery's signature use it.</summary>
    public string ConsumerSecret { get; set; } = "";
}
