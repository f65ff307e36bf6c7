using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Outbound;
using OmniSupport.Core.Timeline;
using OmniSupport.Core.Voice;

namespace OmniSupport.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>The domain's use cases; the ports they need come from the Storage and Channels registrations.</summary>
    public static IServiceCollection AddOmniSupportCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IdentityNormalizer>();
        services.AddSingleton<ResolveCustomer>();
        services.AddSingleton<MergeCustomers>();
        services.AddSingleton<ThreadConversation>();
        services.AddSingleton<ProcessInboundMessage>();
        services.AddSingleton<ProcessInboundEnvelope>();
        services.AddSingleton<ReceiveWebhook>();
        services.AddSingleton<SweepInbox>();
        services.AddSingleton<GetCustomer>();
        services.AddSingleton<FindCustomer>();
        services.AddSingleton<LinkIdentity>();
        services.AddSingleton<ReadTimeline>();
        services.AddSingleton<GetConversation>();
        services.AddSingleton<ResolveConversation>();
        services.AddSingleton<SendReply>();
        services.AddSingleton<DeliverOutboundMessage>();
        services.AddSingleton<IInboundItemHandler, RecordDeliveryStatus>();
        services.AddSingleton<IInboundItemHandler, RecordCallOutcome>();
        return services;
    }
}
