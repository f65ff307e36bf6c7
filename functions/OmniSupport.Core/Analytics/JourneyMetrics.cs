namespace OmniSupport.Core.Analytics;

public sealed record Distribution(double? Mean, double? Median, double? P90);

public sealed record Percentiles(double? Median, double? P90);

public sealed record RepeatRates(double? H24, double? H48, double? D7);

public sealed record PathLine(
    string Path,
    int Count,
    double Share,
    double? MedianContacts,
    double? MedianResolutionSeconds,
    double? RepeatRate,
    double? CsatAverage,
    double? HadToRepeatShare);

public sealed record SankeyNode(string Name);

public sealed record SankeyLink(string Source, string Target, int Value);

public sealed record Sankey(IReadOnlyList<SankeyNode> Nodes, IReadOnlyList<SankeyLink> Links);

public sealed record JourneyAnalytics(
    DateTimeOffset From,
    DateTimeOffset To,
    int ResolvedJourneys,
    int UniqueCustomers,
    double? FirstContactResolutionRate,
    Distribution ContactsPerResolution,
    double? ChannelSwitchRate,
    RepeatRates RepeatContactRate,
    Percentiles TimeToFirstResponseSeconds,
    Percentiles TimeToResolutionSeconds,
    double? SlaMetRate,
    IReadOnlyList<PathLine> TopPaths,
    Sankey Sankey);

/// <summary>
/// The journey metrics, a pure function of resolved journey records (README "Analytics" has the same
/// definitions). Rates and means are rounded to 4 decimals; a rate, mean or percentile over no values
/// is null. Percentiles are nearest-rank: of n values sorted ascending, the p-th percentile is the
/// value at rank ceil(p/100 × n) (1-based), so the median of an even count is the lower middle value
/// and every percentile is a value that occurred.
/// </summary>
public static class JourneyMetrics
{
    public const string Other = "other";
    public const string Resolved = "resolved";

    public static JourneyAnalytics Compute(IReadOnlyList<JourneyRecord> journeys, DateTimeOffset from, DateTimeOffset to, int top)
    {
        var n = journeys.Count;
        var contacts = journeys.Select(j => (double)j.Contacts).ToList();
        var firstResponses = journeys.Where(j => j.FirstResponseSeconds is not null).Select(j => j.FirstResponseSeconds!.Value).ToList();
        var resolutions = journeys.Where(j => j.ResolutionSeconds is not null).Select(j => j.ResolutionSeconds!.Value).ToList();
        var slaKnown = journeys.Where(j => j.SlaMet is not null).ToList();

        var groups = journeys.GroupBy(j => j.Path, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var shown = groups.Take(Math.Max(0, top)).ToList();
        var topPaths = shown.Select(g => PathLineOf(g.Key, g.ToList(), n)).ToList();

        return new JourneyAnalytics(
            from,
            to,
            n,
            journeys.Select(j => j.CustomerId).Distinct(StringComparer.Ordinal).Count(),
            Rate(journeys.Count(IsFirstContactResolution), n),
            new Distribution(Mean(contacts), Percentile(contacts, 50), Percentile(contacts, 90)),
            Rate(journeys.Count(j => j.ChannelSwitches > 0), n),
            new RepeatRates(Rate(journeys.Count(j => j.RepeatWithin24h), n), Rate(journeys.Count(j => j.RepeatWithin48h), n), Rate(journeys.Count(j => j.RepeatWithin7d), n)),
            new Percentiles(Percentile(firstResponses, 50), Percentile(firstResponses, 90)),
            new Percentiles(Percentile(resolutions, 50), Percentile(resolutions, 90)),
            Rate(slaKnown.Count(j => j.SlaMet == true), slaKnown.Count),
            topPaths,
            SankeyOf(groups, shown.Select(g => g.Key).ToHashSet(StringComparer.Ordinal)));
    }

    /// <summary>Resolved on the first contact and no repeat contact within 7 days.</summary>
    public static bool IsFirstContactResolution(JourneyRecord journey) => journey.Contacts == 1 && !journey.RepeatWithin7d;

    /// <summary>Nearest-rank percentile (see the class summary); null over no values.</summary>
    public static double? Percentile(IReadOnlyCollection<double> values, int p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.OrderBy(v => v).ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    public static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    public static double? Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? null : Math.Round(values.Average(), 4);

    private static PathLine PathLineOf(string path, List<JourneyRecord> journeys, int total)
    {
        var surveyed = journeys.Where(j => j.Csat is not null).Select(j => (double)j.Csat!.Value).ToList();
        var repeatAnswered = journeys.Where(j => j.HadToRepeat is not null).ToList();
        return new PathLine(
            path,
            journeys.Count,
            Rate(journeys.Count, total) ?? 0,
            Percentile(journeys.Select(j => (double)j.Contacts).ToList(), 50),
            Percentile(journeys.Where(j => j.ResolutionSeconds is not null).Select(j => j.ResolutionSeconds!.Value).ToList(), 50),
            Rate(journeys.Count(j => j.RepeatWithin7d), journeys.Count),
            Mean(surveyed),
            Rate(repeatAnswered.Count(j => j.HadToRepeat == true), repeatAnswered.Count));
    }

    /// <summary>
    /// Nodes are a channel at a position of the path (<c>chat#1</c>, <c>voice#2</c>) and a final
    /// <c>resolved</c>; a link's value is how many journeys went that way. Paths outside the top ones
    /// run through <c>other#k</c> nodes. Nodes are ordered by position, then name (<c>resolved</c> last);
    /// links by their source's position, then source and target names.
    /// </summary>
    private static Sankey SankeyOf(IEnumerable<IGrouping<string, JourneyRecord>> groups, IReadOnlySet<string> shown)
    {
        var links = new Dictionary<(string Source, string Target), int>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (group.Key.Length == 0)
            {
                continue; // resolved without a customer message: no journey to draw
            }

            var channels = group.Key.Split('>');
            var names = channels.Select((c, i) => (shown.Contains(group.Key) ? c : Other) + "#" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            for (var i = 0; i < names.Count; i++)
            {
                positions[names[i]] = i + 1;
                var target = i + 1 < names.Count ? names[i + 1] : Resolved;
                links[(names[i], target)] = links.GetValueOrDefault((names[i], target)) + group.Count();
            }
        }

        if (links.Count > 0)
        {
            positions[Resolved] = int.MaxValue;
        }

        var nodes = positions.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new SankeyNode(p.Key)).ToList();
        var ordered = links.OrderBy(l => positions[l.Key.Source]).ThenBy(l => l.Key.Source, StringComparer.Ordinal).ThenBy(l => l.Key.Target, StringComparer.Ordinal)
            .Select(l => new SankeyLink(l.Key.Source, l.Key.Target, l.Value)).ToList();
        return new Sankey(nodes, ordered);
    }
}
