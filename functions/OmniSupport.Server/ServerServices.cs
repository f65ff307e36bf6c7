using OmniSupport.Api;
using OmniSupport.Server.Workers;

namespace OmniSupport.Server;

public static class ServerServices
{
    /// <summary>What only the self-hosted Server needs: queue workers and the sweeper the Functions host runs as triggers.</summary>
    public static IServiceCollection AddOmniSupportServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails();
        services.AddOmniSupportTelemetry(configuration, "omnisupport-server");
        services.AddOptions<QueueWorkerOptions>().Bind(configuration.GetSection(QueueWorkerOptions.SectionName));
        services.AddSingleton<InboundQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundQueueWorker>());
        services.AddSingleton<OutboundQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboundQueueWorker>());
        services.AddHostedService<InboxSweepWorker>();
        services.AddSingleton<WebhooksOutQueueWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhooksOutQueueWorker>());
        return services;
    }
}
