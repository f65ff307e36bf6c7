using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Events;
using OmniSupport.Core.Handoffs;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Knowledge;
using OmniSupport.Core.Outbound;
using OmniSupport.Core.Reports;
using OmniSupport.Core.Routing;
using OmniSupport.Core.Security;
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
        services.AddSingleton<ChangeQueue>();
        services.AddSingleton<OmniSupport.Core.Sla.CloseCallTask>();
        services.AddSingleton<OmniSupport.Core.Sla.WatchQueues>();
        services.AddSingleton<OmniSupport.Core.Voice.ICallOutcomeSink, OmniSupport.Core.Sla.CloseCallTaskOnCallEnd>();
        services.AddSingleton<IInboundMessageClaim, RecordReaction>();
        services.AddSingleton<OmniSupport.Core.Surveys.RecordSurveyAnswer>();
        services.AddSingleton<IInboundMessageClaim>(sp => sp.GetRequiredService<OmniSupport.Core.Surveys.RecordSurveyAnswer>());
        services.AddSingleton<OmniSupport.Core.Surveys.GetSurveyCounts>();
        services.AddSingleton<SendReply>();
        services.AddSingleton<DeliverOutboundMessage>();
        services.AddSingleton<IInboundItemHandler, RecordDeliveryStatus>();
        services.AddSingleton<IInboundItemHandler, RecordCallOutcome>();
        services.AddOmniSupportHelpdesk();
        services.AddOmniSupportJourneys();
        return services;
    }

    /// <summary>Journey analytics: the steps and records the ingest, reply, resolve and survey paths keep, and the reports over them.</summary>
    public static IServiceCollection AddOmniSupportJourneys(this IServiceCollection services)
    {
        services.AddSingleton<OmniSupport.Core.Analytics.RecordInboundStep>();
        services.AddSingleton<OmniSupport.Core.Analytics.RecordOutboundStep>();
        services.AddSingleton<OmniSupport.Core.Analytics.RecordJourneySurvey>();
        services.AddSingleton<IConversationActivitySink, OmniSupport.Core.Analytics.RecordJourneyResolution>();
        services.AddSingleton<OmniSupport.Core.Analytics.GetJourneyAnalytics>();
        services.AddSingleton<OmniSupport.Core.Analytics.ListJourneyConversations>();
        services.AddSingleton<OmniSupport.Core.Analytics.ExportJourneys>();
        return services;
    }

    /// <summary>The helpdesk side: keys, resolution and reports, handoff cards, routing, identity care, knowledge, events out.</summary>
    public static IServiceCollection AddOmniSupportHelpdesk(this IServiceCollection services)
    {
        services.AddSingleton<CreateApiKey>();
        services.AddSingleton<RevokeApiKey>();
        services.AddSingleton<StartSession>();
        services.AddSingleton<EndSession>();
        services.AddSingleton<ResolveWithDisposition>();
        services.AddSingleton<GetHandoffReport>();
        services.AddSingleton<AcceptHandoff>();
        services.AddSingleton<BuildHandoffCard>();
        services.AddSingleton<RoutingPolicy>();
        services.AddSingleton<IConversationRouter, RouteConversation>();
        services.TryAddSingleton<ICrmConnector, NoCrmConnector>();
        services.AddSingleton<UpdateCustomerAttributes>();
        services.AddSingleton<MergeCustomersByAgent>();
        services.AddSingleton<UnmergeCustomers>();
        services.AddSingleton<ManageArticles>();
        services.AddSingleton<SearchArticles>();
        services.AddSingleton<CreateSubscription>();
        services.AddSingleton<PublishHelpdeskEvent>();
        services.AddSingleton<IHelpdeskEvents>(sp => sp.GetRequiredService<PublishHelpdeskEvent>());
        services.AddSingleton<DeliverWebhook>();

        // Told about conversation activity (routing is not one of them: the ingest worker routes an opened conversation before it tells them).
        services.AddSingleton<IConversationActivitySink, HandoffReportSink>();
        services.AddSingleton<IConversationActivitySink, HelpdeskEventsSink>();
        return services;
    }
}
