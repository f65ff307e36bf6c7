namespace OmniSupport.Channels.Common;

public static class Fields
{
    /// <summary>Timeline metadata from the pairs that have a value.</summary>
    public static Dictionary<string, string> Of(params (string Key, string? Value)[] pairs)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (!string.IsNullOrEmpty(value))
            {
                metadata[key] = value;
            }
        }

        return metadata;
    }
}
