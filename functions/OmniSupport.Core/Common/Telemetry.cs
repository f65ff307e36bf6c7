using System.Diagnostics;

namespace OmniSupport.Core.Common;

/// <summary>The hub's trace source: one trace runs from the webhook through the queue hop to the timeline.</summary>
public static class Telemetry
{
    public const string SourceName = "OmniSupport";

    public static readonly ActivitySource Source = new(SourceName);
}
