using System.Text.RegularExpressions;

namespace OmniSupport.Core.Surveys;

/// <summary>The survey question and the parser of its answers (e.g. "5 N", "4, yes", "3/5 no"): the whole message must be the answer.</summary>
public static partial class SurveyText
{
    public const string Question =
        "How did we do? Reply with a number from 1 (poor) to 5 (great), then Y or N: did you have to repeat information you had already given us? Example: 5 N";

    public static bool TryParse(string? text, out int csat, out bool? repeated)
    {
        csat = 0;
        repeated = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            return false;
        }

        var match = Answer().Match(text);
        if (!match.Success)
        {
            return false;
        }

        csat = match.Groups["score"].Value[0] - '0';
        if (match.Groups["yn"].Success)
        {
            repeated = match.Groups["yn"].Value.StartsWith('y') || match.Groups["yn"].Value.StartsWith('Y');
        }

        return true;
    }

    [GeneratedRegex(@"^\s*(?<score>[1-5])\s*(/\s*5)?(\s*[,;.\-]?\s*(?<yn>yes|no|y|n))?\s*[.!]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Answer();
}
