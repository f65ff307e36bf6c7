namespace OmniSupport.Api.OpenApi;

/// <summary>One operation the hub serves: what the OpenAPI document says about it.</summary>
public sealed record ApiOperation(
    string Method,
    string Route,
    string OperationId,
    string Tag,
    string Summary,
    string? Scope,
    IReadOnlyList<string>? QueryParameters = null,
    string? RequestExample = null,
    string ResponseType = "application/json");

/// <summary>
/// The API as documented: every route of <see cref="Routes"/> with its methods. The OpenAPI document is
/// generated from this list, and a test checks it against the routes both hosts really serve.
/// </summary>
public static class ApiCatalog
{
    public static readonly IReadOnlyList<ApiOperation> Operations =
    [
        new("GET", Routes.Webhook, "receiveWebhookGet", "Webhooks", "Provider handshake (Meta hub.challenge, X CRC) for a provider's webhook.", null),
        new("POST", Routes.Webhook, "receiveWebhook", "Webhooks", "A provider's webhook: verified, queued, acknowledged.", null),
        new("GET", Routes.Health, "health", "Operations", "200 when storage answers, 503 when it does not.", null),

        new("GET", Routes.Customers, "findCustomer", "Customers", "The customer with an identity.", "read", ["email", "phone", "account"]),
        new("GET", Routes.Customer, "getCustomer", "Customers", "A customer's profile.", "read"),
        new("GET", Routes.CustomerTimeline, "getCustomerTimeline", "Customers", "The customer's timeline, newest first.", "read", ["pageSize", "continuationToken"]),
        new("POST", Routes.CustomerIdentities, "linkIdentity", "Customers", "Link a handle to the customer.", "write", null, """{"kind":"x","value":"987654321"}"""),
        new("PATCH", Routes.CustomerAttributes, "patchCustomerAttributes", "Customers", "Set or remove customer attributes (tier, contractValue…); null removes.", "write", null, """{"tier":"enterprise","contractValue":"60000"}"""),
        new("POST", Routes.CustomersMerge, "mergeCustomers", "Customers", "Merge one profile into another, with a reason.", "write", null, """{"survivorId":"cus_a","mergedId":"cus_b","reason":"Same person, confirmed by phone"}"""),
        new("POST", Routes.CustomerUnmerge, "unmergeCustomer", "Customers", "Undo a merge: the merged-away profile is live again.", "write", null, """{"reason":"Different people sharing a phone"}"""),

        new("GET", Routes.Conversation, "getConversation", "Conversations", "A conversation.", "read"),
        new("POST", Routes.ConversationResolve, "resolveConversation", "Conversations", "Resolve with a disposition code (from configuration) and whether the agent re-collected data.", "write", null, """{"code":"refund-issued","recollected":true,"notes":"Asked again for the order number"}"""),
        new("POST", Routes.ConversationReplies, "replyToConversation", "Conversations", "An agent's reply, queued to the channel's sender (202); channel defaults to where the customer last wrote.", "write", null, """{"text":"Sorry Ana, a new kettle ships today.","agent":"maria","channel":"x"}"""),
        new("GET", Routes.ConversationCard, "getHandoffCard", "Conversations", "The handoff card: customer, account, tier, issue, collected data, steps done, last messages.", "read", ["format"]),
        new("POST", Routes.Handoffs, "createHandoff", "Conversations", "A bot hands a customer over with a structured context.", "write", null, """{"context":{"platform":"dialogflow-cx","sessionId":"s-1","intent":"billing.dispute","slots":{"account_number":"ACC-1"},"stepsAttempted":["verified identity"]},"customer":{"email":"ana@example.com"},"channel":"chat"}"""),
        new("GET", Routes.HandoffReport, "getHandoffReport", "Reports", "Re-collection rate by bot platform and intent.", "read", ["from", "to"]),

        new("GET", Routes.ConversationSla, "getConversationSla", "Supervisor", "The conversation's SLA: policy, targets, due time, breaches, escalation steps done.", "read"),
        new("POST", Routes.ConversationQueue, "changeConversationQueue", "Supervisor", "Supervisor override: move the conversation to another queue or change its priority.", "write", null, """{"queue":"enterprise-callback","priority":5}"""),
        new("GET", Routes.Queues, "listQueues", "Supervisor", "Per queue: waiting count, oldest wait, each conversation's time left to its SLA.", "read"),
        new("GET", Routes.Callbacks, "listCallbacks", "Supervisor", "Open outbound call tasks (SLA call-task steps and routing callbacks).", "read"),
        new("POST", Routes.CallbackClose, "closeCallback", "Supervisor", "Close a call task with its outcome.", "write", null, """{"outcome":"completed"}"""),
        new("GET", Routes.SurveyReport, "getSurveyReport", "Reports", "Survey counts: CSAT 1-5 and whether customers had to repeat information.", "read"),

        new("GET", Routes.KbArticles, "listArticles", "Knowledge", "All articles (ids, titles, tiers).", "read"),
        new("POST", Routes.KbArticles, "createArticle", "Knowledge", "Create an article (Markdown, with per-tier variants).", "write", null, """{"id":"reset-password","title":"Reset your password","markdown":"1. Open **Settings**\n2. Choose *Reset*","variants":{"enterprise":"Call your account manager."}}"""),
        new("GET", Routes.KbArticle, "getArticle", "Knowledge", "An article; with channel=email|chat|sms|voice, rendered for that channel (tier or customerId picks the variant).", "read", ["channel", "tier", "customerId"]),
        new("PUT", Routes.KbArticle, "replaceArticle", "Knowledge", "Replace an article.", "write", null, """{"title":"Reset your password","markdown":"…"}"""),
        new("DELETE", Routes.KbArticle, "deleteArticle", "Knowledge", "Delete an article.", "write"),
        new("GET", Routes.KbSearch, "searchArticles", "Knowledge", "Articles holding the query's words, best first.", "read", ["q"]),

        new("POST", Routes.Subscriptions, "createSubscription", "Events", "Subscribe a URL and secret to conversation events.", "admin", null, """{"url":"https://desk.example.com/hooks/omnisupport","secret":"a-long-shared-secret","eventTypes":["conversation.resolved"]}"""),
        new("GET", Routes.Subscriptions, "listSubscriptions", "Events", "The subscriptions (never their secrets).", "admin"),
        new("DELETE", Routes.Subscription, "deleteSubscription", "Events", "Remove a subscription.", "admin"),
        new("GET", Routes.SubscriptionDeliveries, "listDeliveries", "Events", "A subscription's deliveries with their tries.", "admin"),

        new("GET", Routes.Audit, "listAudit", "Audit", "A customer's audit entries in a window.", "admin", ["customerId", "from", "to"]),
        new("GET", Routes.AuditVerify, "verifyAudit", "Audit", "Recompute every hash chain (or one customer's or day's); 409 with the first broken link.", "admin", ["customerId", "day"]),
        new("GET", Routes.AuditExport, "exportAudit", "Audit", "One UTC day's entries as NDJSON.", "admin", null, null, "application/x-ndjson"),

        new("GET", Routes.ApiKeys, "listApiKeys", "Administration", "API keys (ids and scopes only).", "admin"),
        new("POST", Routes.ApiKeys, "createApiKey", "Administration", "Create an API key; the key is shown once.", "admin", null, """{"id":"desk","scopes":"read,write"}"""),
        new("DELETE", Routes.ApiKey, "revokeApiKey", "Administration", "Revoke an API key.", "admin"),
        new("GET", Routes.Poison, "listPoison", "Administration", "Messages in the inbound poison queue.", "admin"),
        new("POST", Routes.PoisonReplay, "replayPoison", "Administration", "Move a poison message back to the inbound queue.", "admin"),
        new("GET", Routes.Outbox, "listOutbox", "Administration", "Messages the hub kept in its local outbox (channels without provider credentials), newest first.", "admin", ["max"]),

        new("GET", Routes.AnalyticsJourneys, "getJourneyAnalytics", "Analytics", "Journey metrics over conversations resolved in [from, to): first-contact resolution, contacts per resolution, channel switches, repeat contacts, response and resolution times, SLA met, top paths, Sankey links.", "read", ["from", "to", "tier", "queue", "channel", "top"]),
        new("GET", Routes.AnalyticsJourneyConversations, "listJourneyConversations", "Analytics", "The journeys behind a path (e.g. chat>voice>email), oldest resolution first, paged by continuation token.", "read", ["path", "from", "to", "pageSize", "continuationToken"]),
        new("GET", Routes.AnalyticsJourneyExport, "exportJourneys", "Analytics", "One row per conversation resolved in [from, to), as CSV (Accept: text/csv) or NDJSON (Accept: application/x-ndjson), streamed.", "read", ["from", "to"], null, "text/csv"),
        new("GET", Routes.Appointments, "listAppointments", "Hospital", "The staff view of one day: each appointment with patient, time, reminder status, slot-to-rebook flag, last contact, timeline link; counts per status.", "read", ["date", "status", "location"]),
        new("GET", Routes.Appointment, "getAppointment", "Hospital", "One appointment with its history of steps.", "read"),
        new("GET", Routes.AuditExportFhir, "exportAuditEvents", "Audit", "One UTC day's audit as FHIR R4 AuditEvent resources (NDJSON, IHE BALP shape).", "admin", null, null, "application/fhir+ndjson"),
        new("GET", Routes.FhirJwks, "getJwks", "Hospital", "The public key set of the hub's SMART Backend Services client assertions (register this URL with the EHR).", null),
        new("POST", Routes.Session, "createSession", "Console", "Sign in: exchange the key in X-Api-Key for an HttpOnly, SameSite=Strict session cookie the API accepts like the header.", "read"),
        new("GET", Routes.Session, "getSession", "Console", "Who is signed in (key id and scope).", "read"),
        new("DELETE", Routes.Session, "deleteSession", "Console", "Sign out: the session is deleted and the cookie cleared.", "read"),
        new("GET", Routes.QueuesStream, "streamQueues", "Supervisor", "The queues (as GET /api/queues) as server-sent events, a new snapshot when it changes; pages poll GET /api/queues where a host cannot stream.", "read", null, null, "text/event-stream"),

        new("GET", Routes.OpenApi, "openApi", "Operations", "This document.", null),
        new("GET", Routes.Docs, "docs", "Operations", "A browsable page over this document.", null, null, null, "text/html"),
    ];
}
