using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Abstractions;
using OmniSupport.Storage.Blobs;
using OmniSupport.Storage.Queues;
using OmniSupport.Storage.Tables;

namespace OmniSupport.Storage;

public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddOmniSupportStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(
                o => !string.IsNullOrWhiteSpace(o.ConnectionString) || !string.IsNullOrWhiteSpace(o.TableServiceUri),
                "Set Storage:ConnectionString (Azurite or an account), or Storage:TableServiceUri, Storage:QueueServiceUri and Storage:BlobServiceUri for identity-based access.")
            .Validate(o => o.Prefix.All(char.IsAsciiLetterLower) || o.Prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)),
                "Storage:Prefix may hold only lower-case letters and digits.")
            .ValidateOnStart();

        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());
        services.AddSingleton<ICustomerStore, TableCustomerStore>();
        services.AddSingleton<IIdentityIndex, TableIdentityIndex>();
        services.AddSingleton<IConversationStore, TableConversationStore>();
        services.AddSingleton<TableTimelineStore>();
        services.AddSingleton<ITimelineStore>(sp => sp.GetRequiredService<TableTimelineStore>());
        services.AddSingleton<ITimelineEventStore>(sp => sp.GetRequiredService<TableTimelineStore>());
        services.AddSingleton<IInbox, TableInbox>();
        services.AddSingleton<QueueEnvelopeCodec>();
        services.AddSingleton<IInboundQueue>(sp => sp.GetRequiredService<QueueEnvelopeCodec>());
        services.AddSingleton<IInboundEnvelopeReader>(sp => sp.GetRequiredService<QueueEnvelopeCodec>());
        services.AddSingleton<IPoisonQueue, QueuePoisonStore>();
        services.AddSingleton<IAttachmentStore, BlobAttachmentStore>();
        services.AddSingleton<OmniSupport.Core.Sla.ISlaStatusStore, TableSlaStatusStore>();
        services.AddSingleton<OmniSupport.Core.Sla.ICallTaskStore, TableCallTaskStore>();
        services.AddSingleton<OmniSupport.Core.Surveys.ISurveyStore, TableSurveyStore>();
        services.AddSingleton<OmniSupport.Core.Sla.ICallbackQueue, QueueCallbackQueue>();
        services.AddSingleton<OmniSupport.Core.Sla.ISlaSignalQueue, QueueSlaSignalWriter>();
        services.AddSingleton<OutboundQueueCodec>();
        services.AddSingleton<IOutboundQueue>(sp => sp.GetRequiredService<OutboundQueueCodec>());
        services.AddSingleton<IOutboundMessageReader>(sp => sp.GetRequiredService<OutboundQueueCodec>());
        services.AddSingleton<IOutboundLedger, TableOutboundLedger>();
        services.AddSingleton<IOutbox, TableOutbox>();
        services.AddSingleton<OmniSupport.Core.Audit.IAuditLog, TableAuditLog>();
        services.AddSingleton<OmniSupport.Core.Security.IApiKeyStore, TableApiKeyStore>();
        services.AddSingleton<OmniSupport.Core.Security.ISessionStore, TableSessionStore>();
        services.AddSingleton<OmniSupport.Core.Reports.IHandoffReportStore, TableHandoffReportStore>();
        services.AddSingleton<OmniSupport.Core.Analytics.IJourneyStore, TableJourneyStore>();
        services.AddSingleton<OmniSupport.Core.Knowledge.IKnowledgeBase, TableKnowledgeBase>();
        services.AddSingleton<OmniSupport.Core.Events.ISubscriptionStore, TableSubscriptionStore>();
        services.AddSingleton<OmniSupport.Core.Events.IWebhookDeliveryQueue, WebhookDeliveryQueue>();
        services.AddSingleton<OmniSupport.Core.Appointments.IAppointmentStore, TableAppointmentStore>();
        services.AddSingleton<OmniSupport.Core.Appointments.IReminderSignalQueue, QueueReminderSignalWriter>();
        return services;
    }
}
