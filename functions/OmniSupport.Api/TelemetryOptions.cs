namespace OmniSupport.Api;

public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Print traces to the console (local runs). In Azure, traces go to Application Insights.</summary>
    public bool ConsoleExporter { get; set; }
}
