using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Common;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OmniSupport.Api;

public static class TelemetryRegistration
{
    /// <summary>
    /// Traces of the hub's own source, of ASP.NET Core and of every outgoing HTTP call (providers, the EHR,
    /// helpdesk webhooks, storage): to Application Insights when its connection string is set (Azure), to
    /// the console when <c>Telemetry:ConsoleExporter</c> is true (local). A host adds its own with
    /// <paramref name="host"/> (the Functions worker's defaults).
    /// </summary>
    public static IServiceCollection AddOmniSupportTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, Action<IOpenTelemetryBuilder>? host = null)
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

                // Outgoing calls: a provider's query may carry a token or a recipient, so only the names stay.
                t.AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    if (request.RequestUri is { } uri)
                    {
                        activity.SetTag("url.full", RequestRedaction.Url(uri));
                    }
                });
                if (options.ConsoleExporter)
                {
                    t.AddConsoleExporter();
                }
            });
        host?.Invoke(otel);
        if (!string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            otel.UseAzureMonitor();
        }

        return services;
    }
}
