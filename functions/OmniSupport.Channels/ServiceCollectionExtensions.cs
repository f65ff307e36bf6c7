using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Generic;
using OmniSupport.Channels.Outbound;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels;

public static class ServiceCollectionExtensions
{
    /// <summary>Every provider's adapter and sender. A provider is one folder and one line here.</summary>
    public static IServiceCollection AddOmniSupportChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName));
        services.AddSingleton<ReplayWindow>();

        services.AddOptions<GenericOptions>().Bind(configuration.GetSection(GenericOptions.SectionName));
        services.AddSingleton<IWebhookAdapter, GenericWebhookAdapter>();

        services.AddOmniSupportSenders(configuration);
        return services;
    }
}
