using System.Globalization;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Common;

/// <summary>Checks a provider's signed timestamp against our clock.</summary>
public sealed class ReplayWindow(IOptions<IngestOptions> options, TimeProvider clock)
{
    private readonly TimeSpan _window = TimeSpan.FromSeconds(options.Value.ReplayWindowSeconds);

    /// <summary>Null when the unix-seconds timestamp is within the window, else why not.</summary>
    public string? Check(string? unixSeconds)
    {
        if (!long.TryParse(unixSeconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return "The timestamp header is missing or not a number of seconds.";
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        var skew = (clock.GetUtcNow() - sent).Duration();
        return skew <= _window
            ? null
            : $"The timestamp is {skew.TotalSeconds:F0} s from our clock, outside the {_window.TotalSeconds:F0} s replay window.";
    }
}
