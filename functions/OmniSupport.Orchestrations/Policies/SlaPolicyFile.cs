using System.Text.Json;
using OmniSupport.Orchestrations.Policies.Reading;

namespace OmniSupport.Orchestrations.Policies;

/// <summary>
/// Reads the JSON policy file ops edit (format in the README, "The policy file", and
/// sla-policies.sample.json) into its documents (<see cref="SlaPolicyDocument"/>) and validates them
/// (<see cref="SlaPolicyValidator"/>): every problem is collected, each with the path of the bad field.
/// </summary>
public static class SlaPolicyFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SlaPolicySet Load(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new SlaPolicyException(path, [$"Sla:PolicyFile: no file at {path}"]);
        }

        return Parse(System.IO.File.ReadAllText(path), path);
    }

    public static SlaPolicySet Parse(string json, string source = "(inline)")
    {
        Lenient<SlaPolicyDocument> document;
        try
        {
            document = JsonSerializer.Deserialize<Lenient<SlaPolicyDocument>>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new SlaPolicyException(source, [$"not valid JSON at line {ex.LineNumber + 1}: {ex.Message}"]);
        }

        var errors = new PolicyFields();
        var set = SlaPolicyValidator.Validate(document, Options, errors);
        return errors.Count == 0 ? set : throw new SlaPolicyException(source, errors.Errors);
    }

    /// <summary>Durations as <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>2d</c>, or <c>hh:mm:ss</c>.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration) => SlaDuration.TryParse(text, out duration);
}
