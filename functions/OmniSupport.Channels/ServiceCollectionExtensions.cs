using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Channels.Acs;
using OmniSupport.Channels.Bots;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Generic;
using OmniSupport.Channels.Intercom;
using OmniSupport.Channels.Meta;
using OmniSupport.Channels.Outbound;
using OmniSupport.Channels.SendGrid;
using OmniSupport.Channels.Twilio;
using OmniSupport.Channels.X;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels;

public static class ServiceCollectionExtensions
{
    /// <summary>Every provider's adapter and sender. A provider is one folder and one line here.</summary>
    public static IServiceCollection AddOmniSupportChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName));
        services.AddSingleton<ReplayWindow>();

        services.AddOptions<GenericOptions>().Bind(configuration.GetSection(GenericOptions.SectionName))
            .Validate(o => o.Sources.Keys.All(k => GenericWebhookAdapter.IsSourceName(k.ToLowerInvariant())),
                "Channels:Generic:Sources names must be 1-48 letters, digits, '-' or '_' (they are matched without regard to case).")
            .ValidateOnStart();
        services.AddSingleton<IWebhookAdapter, GenericWebhookAdapter>();

        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.SectionName));
        services.AddSingleton<IWebhookAdapter, TwilioWebhookAdapter>();

        services.AddOptions<AcsOptions>().Bind(configuration.GetSection(AcsOptions.SectionName));
        services.AddSingleton<IWebhookAdapter, AcsEventGridAdapter>();

        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection(SendGridOptions.SectionName));
        services.AddSingleton<IWebhookAdapter, SendGridWebhookAdapter>();

        services.AddOptions<IntercomOptions>().Bind(configuration.GetSection(IntercomOptions.SectionName));
        services.AddSingleton<IWebhookAdapter, IntercomWebhookAdapter>();

        services.AddOptions<XOptions>().Bind(configuration.GetSection(XOptions.SectionName));
        services.AddSingleton<IWebhookAdapter, XWebhookAdapter>();

        services.AddOptions<MetaOptions>().Bind(configuration.GetSection(MetaOptions.SectionName));
        services.AddSingleton<IWebhookAdapter, MetaWebhookAdapter>();

        services.AddOptions<BotsOptions>().Bind(configuration.GetSection(BotsOptions.SectionName));
        services.AddSingleton<IWebhookAdapter, BotHandoffAdapter>();

        services.AddOmniSupportSenders(configuration);
        return services;
    }
}
