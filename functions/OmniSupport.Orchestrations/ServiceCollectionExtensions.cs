using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniSupport.Core.Abstractions;
using OmniSupport.Orchestrations.Activities;
using OmniSupport.Orchestrations.Calls;
using OmniSupport.Orchestrations.Policies;
using OmniSupport.Orchestrations.Signals;

namespace OmniSupport.Orchestrations;

public static class ServiceCollectionExtensions
{
    /// <summary>The SLA engine's policies, sink, signal and callback use cases, and activities (the hosts add the Durable runtime).</summary>
    public static IServiceCollection AddOmniSupportSla(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlaOptions>().Bind(configuration.GetSection(SlaOptions.SectionName))
            .PostConfigure(o => o.ConversationLinkBase ??= configuration["Api:PublicBaseUrl"])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaOptions>, SlaOptionsValidator>();
        services.AddSingleton<SlaPolicyProvider>();
        services.AddSingleton<IConversationActivitySink, SlaActivitySink>();
        services.AddSingleton<ApplySlaSignal>();
        services.AddSingleton<PlaceCallTask>();

        // Routing's callback tasks go to the same store and dialer as the SLA's call tasks (registered after Storage's, so this one wins).
        services.AddSingleton<OmniSupport.Core.Routing.ICallbackTaskStore, OmniSupport.Core.Sla.CallTaskCallbackStore>();
        services.AddSingleton<CustomerContacts>();
        services.AddSingleton<SlaStepLog>();
        services.AddSingleton<ConversationGuard>();
        services.AddHttpClient(NotifySupervisor.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(PlaceCallTask.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<SlaOrchestrator>();
        foreach (var activity in SlaTasks.Activities)
        {
            services.AddSingleton(activity);
        }

        return services;
    }
}
