using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Api.Endpoints;
using OmniSupport.Api.Security;
using OmniSupport.Channels;
using OmniSupport.Channels.Helpdesk;
using OmniSupport.Core;
using OmniSupport.Orchestrations;
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
        services.AddOmniSupportSla(configuration);
        services.AddOmniSupportHelpdeskConnectors(configuration);
        services.AddOptions<OmniSupport.Core.Reports.DispositionOptions>().Bind(configuration.GetSection(OmniSupport.Core.Reports.DispositionOptions.SectionName))
            .Validate(o => o.Codes.Count > 0 && o.Codes.All(c => !string.IsNullOrWhiteSpace(c)), "Dispositions:Codes needs at least one code.")
            .ValidateOnStart();
        services.AddOptions<OmniSupport.Core.Routing.RoutingOptions>().Bind(configuration.GetSection(OmniSupport.Core.Routing.RoutingOptions.SectionName))
            .Validate(o => o.Rules.All(r => !string.IsNullOrWhiteSpace(r.Queue)), "Each Routing:Rules entry needs a Queue.")
            .ValidateOnStart();
        services.AddOptions<OmniSupport.Core.Knowledge.KnowledgeOptions>().Bind(configuration.GetSection(OmniSupport.Core.Knowledge.KnowledgeOptions.SectionName))
            .Validate(o => o.SmsMaxSegments is >= 1 and <= 10, "Knowledge:SmsMaxSegments must be between 1 and 10.")
            .ValidateOnStart();

        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName))
            .Validate(o => o.Keys.All(k => k.Sha256.Length == 64 && !string.IsNullOrWhiteSpace(k.Id)),
                "Each Api:Keys entry needs an Id and a 64-character hex Sha256 of the key.")
            .Validate(o => o.SessionMinutes is >= 1 and <= 7 * 24 * 60, "Api:SessionMinutes must be between 1 and 10080 (a week).")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<ApiAccess>();
        services.AddSingleton<OmniSupport.Api.Errors.ProblemMapping>();
        services.AddSingleton<OmniSupport.Api.Audit.AuditTrail>();
        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<WebhookEndpoint>();
        services.AddSingleton<CustomerEndpoints>();
        services.AddSingleton<ConversationEndpoints>();
        services.AddSingleton<AdminEndpoints>();
        services.AddSingleton<SlaEndpoints>();
        services.AddSingleton<OutboundEndpoints>();
        services.AddSingleton<HealthEndpoint>();
        services.AddSingleton<ReportEndpoints>();
        services.AddSingleton<HandoffEndpoints>();
        services.AddSingleton<CustomerCareEndpoints>();
        services.AddSingleton<AuditEndpoints>();
        services.AddSingleton<KeyEndpoints>();
        services.AddSingleton<KnowledgeEndpoints>();
        services.AddSingleton<SubscriptionEndpoints>();
        services.AddSingleton<AnalyticsEndpoints>();
        services.AddSingleton<OpenApiEndpoints>();
        services.AddSingleton<AppointmentEndpoints>();
        services.AddSingleton<OmniSupport.Core.Audit.ExportAuditEvents>();
        services.AddOptions<OmniSupport.Core.Audit.AuditOptions>().Bind(configuration.GetSection(OmniSupport.Core.Audit.AuditOptions.SectionName))
            .Validate(o => o.RetentionDays >= OmniSupport.Core.Audit.AuditOptions.MinimumRetentionDays,
                "Audit:RetentionDays may not be under 2192 (six years, as HIPAA asks of documentation).")
            .ValidateOnStart();
        services.AddSingleton<SessionEndpoints>();
        return services;
    }
}
