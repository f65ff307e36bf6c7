using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Common;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OmniSupport.Api;

public static class TelemetryRegistration
{
    /// <summary>
    /// Traces of the hub's own source and of ASP.NET Core: to Application Insights when its connection
    /// string is set (Azure), to the console when <c>Telemetry:ConsoleExporter</c> is true (local).
    /// </summary>
    public static IServiceCollection AddOmniSupportTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t =>
            {
                // Webhook paths carry secrets and look-up queries carry identities: the trace keeps them redacted.
                t.AddSource(Telemetry.SourceName).AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, request) =>
                {
                    activity.SetTag("url.path", RequestRedaction.Path(request.Path));
                    activity.SetTag("url.query", request.QueryString.HasValue ? RequestRedaction.Query(request.Query).TrimStart('?') : null);
                });
                if (options.ConsoleExporter)
                {
                    t.AddConsoleExporter();
                }
            });
        if (!string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            otel.UseAzureMonitor();
        }

        return services;
    }
}
