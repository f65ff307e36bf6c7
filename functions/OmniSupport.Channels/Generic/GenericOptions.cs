namespace OmniSupport.Channels.Generic;

public sealed class GenericOptions
{
    public const string SectionName = "Channels:Generic";

    /// <summary>Each source that may post the generic envelope, by name, with its signing secret.</summary>
    public Dictionary<string, GenericSource> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class GenericSource
{
    public string Secret { get; set; } = "";
}
