namespace OmniSupport.Api;

/// <summary>
/// Every route the hub serves, under the <c>/api</c> prefix. The Functions triggers and the Server
/// map these same constants, and a test compares the two hosts against this list.
/// </summary>
public static class Routes
{
    public const string Prefix = "api";

    public const string Webhook = "webhooks/{provider}/{*path}";
    public const string Health = "health";
    public const string Customers = "customers";
    public const string Customer = "customers/{id}";
    public const string CustomerTimeline = "customers/{id}/timeline";
    public const string CustomerIdentities = "customers/{id}/identities";
    public const string Conversation = "conversations/{id}";
    public const string ConversationSla = "conversations/{id}/sla";
    public const string ConversationQueue = "conversations/{id}/queue";
    public const string Queues = "queues";
    public const string Callbacks = "callbacks";
    public const string CallbackClose = "callbacks/{id}/close";
    public const string SurveyReport = "reports/surveys";
    public const string ConversationReplies = "conversations/{id}/replies";
    public const string Poison = "admin/poison";
    public const string PoisonReplay = "admin/poison/{id}/replay";
    public const string Outbox = "admin/outbox";

    // The helpdesk's side (issue 5).
    public const string Audit = "audit";
    public const string AuditVerify = "audit/verify";
    public const string AuditExport = "audit/export/{day}";
    public const string ApiKeys = "admin/keys";
    public const string ApiKey = "admin/keys/{id}";
    public const string ConversationResolve = "conversations/{id}/resolve";
    public const string ConversationCard = "conversations/{id}/card";
    public const string HandoffReport = "reports/handoffs";
    public const string Handoffs = "handoffs";
    public const string CustomerAttributes = "customers/{id}/attributes";
    public const string CustomersMerge = "customers/merge";
    public const string CustomerUnmerge = "customers/{id}/unmerge";
    public const string KbArticles = "kb/articles";
    public const string KbArticle = "kb/articles/{id}";
    public const string KbSearch = "kb/search";
    public const string Subscriptions = "subscriptions";
    public const string Subscription = "subscriptions/{id}";
    public const string SubscriptionDeliveries = "subscriptions/{id}/deliveries";

    // Journey analytics (issue 13).
    public const string AnalyticsJourneys = "analytics/journeys";
    public const string AnalyticsJourneyConversations = "analytics/journeys/conversations";
    public const string AnalyticsJourneyExport = "analytics/journeys/export";

    // The hospital (issue 12).
    public const string Appointments = "appointments";
    public const string Appointment = "appointments/{id}";
    public const string AuditExportFhir = "audit/export/{day}/auditevents";
    public const string FhirJwks = "fhir/jwks.json";
    public const string OpenApi = "openapi.json";

    // The console (issue 14): sign-in for a key, and the live queue feed of the supervisor view.
    public const string Session = "session";
    public const string QueuesStream = "queues/stream";
    public const string Docs = "docs";
}
