namespace OmniSupport.Storage;

/// <summary>The hub's tables, queues and containers, with the configured prefix applied.</summary>
public sealed class StorageNames(string prefix)
{
    public const string InboundQueueName = "inbound";
    public const string OutboundQueueName = "outbound";
    public const string CallbacksQueueName = "callbacks";
    public const string SlaSignalsQueueName = "sla-signals";
    public const string WebhooksOutQueueName = "webhooks-out";
    public const string RemindersQueueName = "reminders";
    public const string PoisonSuffix = "-poison";

    /// <summary>
    /// The Functions queue triggers' queue names, as binding expressions: the Functions host resolves each
    /// <c>%HUB_…_QUEUE%</c> from the app setting of that name, which must hold the prefixed name
    /// (<see cref="BindingSettings"/> computes them; infra/main.bicep sets them from the same prefix as
    /// <c>Storage__Prefix</c>, and the Functions app refuses to start when they disagree).
    /// </summary>
    public static class Bindings
    {
        public const string InboundQueue = "%" + InboundQueueSetting + "%";
        public const string OutboundQueue = "%" + OutboundQueueSetting + "%";
        public const string CallbacksQueue = "%" + CallbacksQueueSetting + "%";
        public const string SlaSignalsQueue = "%" + SlaSignalsQueueSetting + "%";
        public const string WebhooksOutQueue = "%" + WebhooksOutQueueSetting + "%";
        public const string RemindersQueue = "%" + RemindersQueueSetting + "%";

        public const string InboundQueueSetting = "HUB_INBOUND_QUEUE";
        public const string OutboundQueueSetting = "HUB_OUTBOUND_QUEUE";
        public const string CallbacksQueueSetting = "HUB_CALLBACKS_QUEUE";
        public const string SlaSignalsQueueSetting = "HUB_SLA_SIGNALS_QUEUE";
        public const string WebhooksOutQueueSetting = "HUB_WEBHOOKS_OUT_QUEUE";
        public const string RemindersQueueSetting = "HUB_REMINDERS_QUEUE";
    }

    /// <summary>Each binding-expression app setting (<see cref="Bindings"/>) and the prefixed name it must hold.</summary>
    public IReadOnlyDictionary<string, string> BindingSettings => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Bindings.InboundQueueSetting] = InboundQueue,
        [Bindings.OutboundQueueSetting] = OutboundQueue,
        [Bindings.CallbacksQueueSetting] = CallbacksQueue,
        [Bindings.SlaSignalsQueueSetting] = SlaSignalsQueue,
        [Bindings.WebhooksOutQueueSetting] = WebhooksOutQueue,
        [Bindings.RemindersQueueSetting] = RemindersQueue,
    };

    public string Customers => prefix + "Customers";
    public string Identities => prefix + "Identities";
    public string Conversations => prefix + "Conversations";
    public string MessageIndex => prefix + "MessageIndex";
    public string Timeline => prefix + "Timeline";
    public string Inbox => prefix + "Inbox";
    public string SlaStatus => prefix + "SlaStatus";
    public string CallTasks => prefix + "CallTasks";
    public string Surveys => prefix + "Surveys";
    public string OutboundLedger => prefix + "OutboundLedger";
    public string Outbox => prefix + "Outbox";
    public string Audit => prefix + "Audit";
    public string ApiKeys => prefix + "ApiKeys";
    public string HandoffReport => prefix + "HandoffReport";
    public string KbArticles => prefix + "KbArticles";
    public string KbIndex => prefix + "KbIndex";
    public string Subscriptions => prefix + "Subscriptions";
    public string WebhookDeliveries => prefix + "WebhookDeliveries";
    public string DurableLayout => prefix + "DurableLayout";
    public string Journeys => prefix + "Journeys";
    public string Appointments => prefix + "Appointments";
    public string Sessions => prefix + "Sessions";

    public string InboundQueue => prefix + InboundQueueName;
    public string InboundPoisonQueue => prefix + InboundQueueName + PoisonSuffix;
    public string OutboundQueue => prefix + OutboundQueueName;
    public string OutboundPoisonQueue => prefix + OutboundQueueName + PoisonSuffix;
    public string CallbacksQueue => prefix + CallbacksQueueName;
    public string CallbacksPoisonQueue => prefix + CallbacksQueueName + PoisonSuffix;
    public string SlaSignalsQueue => prefix + SlaSignalsQueueName;
    public string SlaSignalsPoisonQueue => prefix + SlaSignalsQueueName + PoisonSuffix;
    public string WebhooksOutQueue => prefix + WebhooksOutQueueName;
    public string WebhooksOutPoisonQueue => prefix + WebhooksOutQueueName + PoisonSuffix;
    public string RemindersQueue => prefix + RemindersQueueName;
    public string RemindersPoisonQueue => prefix + RemindersQueueName + PoisonSuffix;

    public string PayloadsContainer => prefix + "payloads";
    public string AttachmentsContainer => prefix + "attachments";

    public IEnumerable<string> Tables => [Customers, Identities, Conversations, MessageIndex, Timeline, Inbox,
        Audit, ApiKeys, HandoffReport, KbArticles, KbIndex, Subscriptions, WebhookDeliveries, OutboundLedger, Outbox,
        SlaStatus, CallTasks, Surveys, DurableLayout, Journeys, Appointments, Sessions];
    public IEnumerable<string> Queues => [InboundQueue, InboundPoisonQueue, OutboundQueue, OutboundPoisonQueue, WebhooksOutQueue, WebhooksOutPoisonQueue,
        CallbacksQueue, CallbacksPoisonQueue, SlaSignalsQueue, SlaSignalsPoisonQueue, RemindersQueue, RemindersPoisonQueue];
    public IEnumerable<string> Containers => [PayloadsContainer, AttachmentsContainer];
}
