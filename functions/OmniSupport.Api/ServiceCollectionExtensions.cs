using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Api.Endpoints;
using OmniSupport.Api.Security;
using OmniSupport.Channels;
using OmniSupport.Core;
using OmniSupport.Storage;

namespace OmniSupport.Api;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything both hosts share: the domain, storage, channels and the endpoint handlers.</summary>
    public static IServiceCollection AddOmniSupport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOmniSupportCore();
        services.AddOptions<OmniSupport.Core.Identity.IdentityOptions>()
            .Bind(configuration.GetSection(OmniSupport.Core.Identity.IdentityOptions.SectionName))
            .Validate(o => o.DefaultRegion.Length == 2, "Identity:DefaultRegion must be a two-letter region code such as US or GB.")
            .ValidateOnStart();
        services.AddOmniSupportStorage(configuration);
        services.AddOmniSupportChannels(configuration);

        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName))
            .Validate(o => o.Keys.All(k => k.Sha256.Length == 64 && !string.IsNullOrWhiteSpace(k.Id)),
                "Each Api:Keys entry needs an Id and a 64-character hex Sha256 of the key.")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<WebhookEndpoint>();
        services.AddSingleton<CustomerEndpoints>();
        services.AddSingleton<ConversationEndpoints>();
        services.AddSingleton<AdminEndpoints>();
        services.AddSingleton<OutboundEndpoints>();
        services.AddSingleton<HealthEndpoint>();
        return services;
    }
}
