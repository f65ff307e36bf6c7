using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Endpoints;
using OmniSupport.Api.Security;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Analytics;
using OmniSupport.Core.Appointments;
using OmniSupport.Core.Audit;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Events;
using OmniSupport.Core.Handoffs;
using OmniSupport.Core.Knowledge;
using OmniSupport.Core.Outbound;
using OmniSupport.Core.Reports;
using OmniSupport.Core.Security;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Surveys;
using OmniSupport.Core.Timeline;
using static OmniSupport.Api.Security.ApiScope;

namespace OmniSupport.Api.Catalog;

/// <summary>
/// The API, once: every operation with its route, scope, contract and handler. The Server maps this list,
/// the OpenAPI document is generated from it, and tests hold the Functions triggers to it.
/// </summary>
public static class ApiCatalog
{
    private const string Ndjson = "application/x-ndjson";

    public static readonly IReadOnlyList<ApiOperation> Operations =
    [
        // Webhooks: no key; the provider's signature is checked by its adapter.
        Op("GET", Routes.Webhook, "receiveWebhookGet", "Webhooks", "Provider handshake (Meta hub.challenge, X CRC) for a provider's webhook.", null,
                (HttpRequest r, string provider, string? path, WebhookEndpoint e, CancellationToken ct) => e.HandleAsync(r, provider, path, ct))
            .ReturnsText("text/plain").Returns<WebhookReceipt>(202).Fails(400, 401, 403, 404, 413, 503),
        Op("OPTIONS", Routes.Webhook, "receiveWebhookOptions", "Webhooks", "Event Grid's CloudEvents 1.0 abuse-protection handshake (acs only; 405 for every other provider).", null,
                (HttpRequest r, string provider, string? path, WebhookEndpoint e, CancellationToken ct) => e.HandleAsync(r, provider, path, ct))
            .ReturnsText("text/plain").Fails(401, 404, 405),
        Op("POST", Routes.Webhook, "receiveWebhook", "Webhooks", "A provider's webhook: verified, queued, acknowledged (202, or 200 where the provider expects it).", null,
                (HttpRequest r, string provider, string? path, WebhookEndpoint e, CancellationToken ct) => e.HandleAsync(r, provider, path, ct))
            .Returns<WebhookReceipt>(200).Returns<WebhookReceipt>(202).Fails(400, 401, 403, 404, 413, 503),
        Op("GET", Routes.Health, "health", "Operations", "200 when storage answers, 503 when it does not.", null,
                (HealthEndpoint e, CancellationToken ct) => e.GetAsync(ct))
            .Returns<HealthReport>().Fails(503),

        Op("GET", Routes.Customers, "findCustomer", "Customers", "The customer with an identity.", Read,
                (HttpRequest r, CustomerEndpoints e, CancellationToken ct) => e.FindAsync(r, ct))
            .Query("email", "phone", "account", "kind", "value").Returns<Customer>().Fails(400, 404),
        Op("GET", Routes.Customer, "getCustomer", "Customers", "A customer's profile.", Read,
                (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct))
            .Returns<Customer>().Fails(404),
        Op("GET", Routes.CustomerTimeline, "getCustomerTimeline", "Customers", "The customer's timeline, newest first.", Read,
                (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.TimelineAsync(r, id, ct))
            .Query("pageSize", "continuationToken").Returns<TimelinePage>().Fails(404),
        Op("POST", Routes.CustomerIdentities, "linkIdentity", "Customers", "Link a handle to the customer.", Write,
                (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.LinkIdentityAsync(r, id, ct))
            .Accepts<LinkIdentityRequest>("""{"kind":"x","value":"987654321"}""").Returns<Customer>().Fails(404, 409),
        Op("PATCH", Routes.CustomerAttributes, "patchCustomerAttributes", "Customers", "Set or remove customer attributes (tier, contractValue…); null removes.", Write,
                (HttpRequest r, string id, CustomerCareEndpoints e, CancellationToken ct) => e.PatchAttributesAsync(r, id, ct))
            .Accepts<Dictionary<string, string?>>("""{"tier":"enterprise","contractValue":"60000"}""").Returns<Customer>().Fails(404, 409),
        Op("POST", Routes.CustomersMerge, "mergeCustomers", "Customers", "Merge one profile into another, with a reason.", Write,
                (HttpRequest r, CustomerCareEndpoints e, CancellationToken ct) => e.MergeAsync(r, ct))
            .Accepts<MergeRequest>("""{"survivorId":"cus_a","mergedId":"cus_b","reason":"Same person, confirmed by phone"}""").Returns<Customer>().Fails(404, 409),
        Op("POST", Routes.CustomerUnmerge, "unmergeCustomer", "Customers", "Undo a merge: the merged-away profile is live again.", Write,
                (HttpRequest r, string id, CustomerCareEndpoints e, CancellationToken ct) => e.UnmergeAsync(r, id, ct))
            .Accepts<UnmergeRequest>("""{"reason":"Different people sharing a phone"}""").Returns<Customer>().Fails(404, 409),

        Op("GET", Routes.Conversation, "getConversation", "Conversations", "A conversation.", Read,
                (HttpRequest r, string id, ConversationEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct))
            .Returns<Conversation>().Fails(404),
        Op("POST", Routes.ConversationResolve, "resolveConversation", "Conversations", "Resolve with a disposition code (from configuration) and whether the agent re-collected data.", Write,
                (HttpRequest r, string id, ConversationEndpoints e, CancellationToken ct) => e.ResolveAsync(r, id, ct))
            .Accepts<ResolveRequest>("""{"code":"refund-issued","recollected":true,"notes":"Asked again for the order number"}""").Returns<Conversation>().Fails(404, 409),
        Op("POST", Routes.ConversationReplies, "replyToConversation", "Conversations", "An agent's reply, queued to the channel's sender (202); channel defaults to where the customer last wrote.", Write,
                (HttpRequest r, string id, OutboundEndpoints e, CancellationToken ct) => e.ReplyAsync(r, id, ct))
            .Accepts<ReplyBody>("""{"text":"Sorry Ana, a new kettle ships today.","agent":"maria","channel":"x"}""").Returns<ReplyAccepted>(202).Fails(404, 409),
        Op("GET", Routes.ConversationCard, "getHandoffCard", "Conversations", "The handoff card: customer, account, tier, issue, collected data, steps done, last messages (format=json|html|text, or by Accept).", Read,
                (HttpRequest r, string id, ConversationEndpoints e, CancellationToken ct) => e.CardAsync(r, id, ct))
            .Query("format").Returns<HandoffCard>().ReturnsText("text/html").ReturnsText("text/plain").Fails(404),
        Op("POST", Routes.Handoffs, "createHandoff", "Conversations", "A bot hands a customer over with a structured context: 201 when it opened a conversation, 200 when it joined an open one.", Write,
                (HttpRequest r, HandoffEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct))
            .Accepts<HandoffRequest>("""{"context":{"platform":"dialogflow-cx","sessionId":"s-1","intent":"billing.dispute","slots":{"account_number":"ACC-1"},"stepsAttempted":["verified identity"]},"customer":{"email":"ana@example.com"},"channel":"chat"}""")
            .Returns<HandoffAccepted>(200).Returns<HandoffAccepted>(201).Fails(409),
        Op("GET", Routes.HandoffReport, "getHandoffReport", "Reports", "Re-collection rate by bot platform and intent.", Read,
                (HttpRequest r, ReportEndpoints e, CancellationToken ct) => e.HandoffsAsync(r, ct))
            .Query("from", "to").Returns<HandoffReport>().Fails(400),

        Op("GET", Routes.ConversationSla, "getConversationSla", "Supervisor", "The conversation's SLA: policy, targets, due time, breaches, escalation steps done.", Read,
                (HttpRequest r, string id, SlaEndpoints e, CancellationToken ct) => e.GetSlaAsync(r, id, ct))
            .Returns<SlaStatusView>().Fails(404),
        Op("POST", Routes.ConversationQueue, "changeConversationQueue", "Supervisor", "Supervisor override: move the conversation to another queue or change its priority.", Write,
                (HttpRequest r, string id, SlaEndpoints e, CancellationToken ct) => e.ChangeQueueAsync(r, id, ct))
            .Accepts<SlaEndpoints.QueueChange>("""{"queue":"enterprise-callback","priority":5}""").Returns<QueueAssignment>().Fails(404, 409),
        Op("GET", Routes.Queues, "listQueues", "Supervisor", "Per queue: waiting, open and within-SLA counts, oldest wait, next due time, and the top (1-1000, default 100) most urgent conversations with their time left.", Read,
                (HttpRequest r, SlaEndpoints e, CancellationToken ct) => e.GetQueuesAsync(r, ct))
            .Query("top").Returns<List<QueueView>>().Fails(400),
        Op("GET", Routes.Callbacks, "listCallbacks", "Supervisor", "Open outbound call tasks (SLA call-task steps and routing callbacks).", Read,
                (HttpRequest r, SlaEndpoints e, CancellationToken ct) => e.ListCallbacksAsync(r, ct))
            .Returns<List<CallTask>>(),
        Op("POST", Routes.CallbackClose, "closeCallback", "Supervisor", "Close a call task with its outcome.", Write,
                (HttpRequest r, string id, SlaEndpoints e, CancellationToken ct) => e.CloseCallbackAsync(r, id, ct))
            .Accepts<SlaEndpoints.CallbackClose>("""{"outcome":"completed"}""").Returns<CallTask>().Fails(404, 409),
        Op("GET", Routes.SurveyReport, "getSurveyReport", "Reports", "Survey counts: CSAT 1-5 and whether customers had to repeat information.", Read,
                (HttpRequest r, SlaEndpoints e, CancellationToken ct) => e.SurveyReportAsync(r, ct))
            .Returns<SurveyCounts>(),

        Op("GET", Routes.KbArticles, "listArticles", "Knowledge", "All articles (ids, titles, tiers).", Read,
                (HttpRequest r, KnowledgeEndpoints e, CancellationToken ct) => e.ListAsync(r, ct))
            .Returns<List<ArticleSummary>>(),
        Op("POST", Routes.KbArticles, "createArticle", "Knowledge", "Create an article (Markdown, with per-tier variants).", Write,
                (HttpRequest r, KnowledgeEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct))
            .Accepts<ArticleRequest>("""{"id":"reset-password","title":"Reset your password","markdown":"1. Open **Settings**\n2. Choose *Reset*","variants":{"enterprise":"Call your account manager."}}""")
            .Returns<KnowledgeArticle>(201).Fails(409),
        Op("GET", Routes.KbArticle, "getArticle", "Knowledge", "An article; with channel=email|chat|sms|voice, rendered for that channel (tier or customerId picks the variant).", Read,
                (HttpRequest r, string id, KnowledgeEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct))
            .Query("channel", "tier", "customerId").Returns<KnowledgeArticle>().Fails(404),
        Op("PUT", Routes.KbArticle, "replaceArticle", "Knowledge", "Replace an article.", Write,
                (HttpRequest r, string id, KnowledgeEndpoints e, CancellationToken ct) => e.ReplaceAsync(r, id, ct))
            .Accepts<ArticleRequest>("""{"title":"Reset your password","markdown":"…"}""").Returns<KnowledgeArticle>().Fails(404, 409),
        Op("DELETE", Routes.KbArticle, "deleteArticle", "Knowledge", "Delete an article.", Write,
                (HttpRequest r, string id, KnowledgeEndpoints e, CancellationToken ct) => e.DeleteAsync(r, id, ct))
            .ReturnsNothing().Fails(404),
        Op("GET", Routes.KbSearch, "searchArticles", "Knowledge", "Articles holding the query's words, best first.", Read,
                (HttpRequest r, KnowledgeEndpoints e, CancellationToken ct) => e.SearchAsync(r, ct))
            .Query("q").Returns<List<ArticleHit>>().Fails(400),

        Op("POST", Routes.Subscriptions, "createSubscription", "Events", "Subscribe a URL and secret to conversation events.", Admin,
                (HttpRequest r, SubscriptionEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct))
            .Accepts<SubscriptionRequest>("""{"url":"https://desk.example.com/hooks/omnisupport","secret":"a-long-shared-secret","eventTypes":["conversation.resolved"]}""")
            .Returns<SubscriptionView>(201),
        Op("GET", Routes.Subscriptions, "listSubscriptions", "Events", "The subscriptions (never their secrets).", Admin,
                (HttpRequest r, SubscriptionEndpoints e, CancellationToken ct) => e.ListAsync(r, ct))
            .Returns<List<SubscriptionView>>(),
        Op("DELETE", Routes.Subscription, "deleteSubscription", "Events", "Remove a subscription.", Admin,
                (HttpRequest r, string id, SubscriptionEndpoints e, CancellationToken ct) => e.DeleteAsync(r, id, ct))
            .ReturnsNothing().Fails(404),
        Op("GET", Routes.SubscriptionDeliveries, "listDeliveries", "Events", "A subscription's deliveries with their tries.", Admin,
                (HttpRequest r, string id, SubscriptionEndpoints e, CancellationToken ct) => e.DeliveriesAsync(r, id, ct))
            .Returns<List<WebhookDelivery>>().Fails(404),

        Op("GET", Routes.Audit, "listAudit", "Audit", "A customer's audit entries in a window.", Admin,
                (HttpRequest r, AuditEndpoints e, CancellationToken ct) => e.ListAsync(r, ct))
            .Query("customerId", "from", "to").Returns<AuditWindow>().Fails(400),
        Op("GET", Routes.AuditVerify, "verifyAudit", "Audit", "Recompute every hash chain (or one customer's or day's); 409 with the first broken link.", Admin,
                (HttpRequest r, AuditEndpoints e, CancellationToken ct) => e.VerifyAsync(r, ct))
            .Query("customerId", "day").Returns<AuditVerification>().Returns<AuditVerification>(409).Fails(400),
        Op("GET", Routes.AuditExport, "exportAudit", "Audit", "One UTC day's entries as NDJSON.", Admin,
                (HttpRequest r, string day, AuditEndpoints e, CancellationToken ct) => e.ExportAsync(r, day, ct))
            .ReturnsText(Ndjson),

        Op("GET", Routes.ApiKeys, "listApiKeys", "Administration", "API keys (ids and scopes only).", Admin,
                (HttpRequest r, KeyEndpoints e, CancellationToken ct) => e.ListAsync(r, ct))
            .Returns<List<ApiKeyView>>(),
        Op("POST", Routes.ApiKeys, "createApiKey", "Administration", "Create an API key; the key is shown once.", Admin,
                (HttpRequest r, KeyEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct))
            .Accepts<CreateKeyRequest>("""{"id":"desk","scopes":"read,write"}""").Returns<CreatedApiKey>(201).Fails(409),
        Op("DELETE", Routes.ApiKey, "revokeApiKey", "Administration", "Revoke an API key.", Admin,
                (HttpRequest r, string id, KeyEndpoints e, CancellationToken ct) => e.RevokeAsync(r, id, ct))
            .ReturnsNothing().Fails(404, 409),
        Op("GET", Routes.Poison, "listPoison", "Administration", "Messages in the inbound poison queue.", Admin,
                (HttpRequest r, AdminEndpoints e, CancellationToken ct) => e.ListPoisonAsync(r, ct))
            .Returns<List<PoisonMessage>>(),
        Op("POST", Routes.PoisonReplay, "replayPoison", "Administration", "Move a poison message back to the inbound queue.", Admin,
                (HttpRequest r, string id, AdminEndpoints e, CancellationToken ct) => e.ReplayPoisonAsync(r, id, ct))
            .Returns<PoisonReplay>(202).Fails(404),
        Op("GET", Routes.Outbox, "listOutbox", "Administration", "Messages the hub kept in its local outbox (channels without provider credentials), newest first.", Admin,
                (HttpRequest r, OutboundEndpoints e, CancellationToken ct) => e.ListOutboxAsync(r, ct))
            .Query("max").Returns<List<OutboxEntry>>(),

        Op("GET", Routes.AnalyticsJourneys, "getJourneyAnalytics", "Analytics", "Journey metrics over conversations resolved in [from, to): first-contact resolution, contacts per resolution, channel switches, repeat contacts, response and resolution times, SLA met, top paths, Sankey links.", Read,
                (HttpRequest r, AnalyticsEndpoints e, CancellationToken ct) => e.JourneysAsync(r, ct))
            .Query("from", "to", "tier", "queue", "channel", "top").Returns<JourneyAnalytics>().Fails(400),
        Op("GET", Routes.AnalyticsJourneyConversations, "listJourneyConversations", "Analytics", "The journeys behind a path (e.g. chat>voice>email), oldest resolution first, paged by continuation token.", Read,
                (HttpRequest r, AnalyticsEndpoints e, CancellationToken ct) => e.ConversationsAsync(r, ct))
            .Query("path", "from", "to", "pageSize", "continuationToken").Returns<JourneyConversationPage>().Fails(400),
        Op("GET", Routes.AnalyticsJourneyExport, "exportJourneys", "Analytics", "One row per conversation resolved in [from, to), as CSV (Accept: text/csv) or NDJSON (Accept: application/x-ndjson), streamed.", Read,
                (HttpRequest r, AnalyticsEndpoints e, CancellationToken ct) => e.ExportAsync(r, ct))
            .Query("from", "to").ReturnsText("text/csv").ReturnsText(Ndjson).Fails(400, 406),
        Op("GET", Routes.Appointments, "listAppointments", "Hospital", "The staff view of one day: each appointment with patient, time, reminder status, slot-to-rebook flag, last contact, timeline link; counts per status.", Read,
                (HttpRequest r, AppointmentEndpoints e, CancellationToken ct) => e.ListAsync(r, ct))
            .Query("date", "status", "location").Returns<StaffDay>().Fails(400),
        Op("GET", Routes.Appointment, "getAppointment", "Hospital", "One appointment with its history of steps.", Read,
                (HttpRequest r, string id, AppointmentEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct))
            .Returns<StaffAppointmentDetail>().Fails(404),
        Op("GET", Routes.AuditExportFhir, "exportAuditEvents", "Audit", "One UTC day's audit as FHIR R4 AuditEvent resources (NDJSON, IHE BALP shape).", Admin,
                (HttpRequest r, string day, AppointmentEndpoints e, CancellationToken ct) => e.AuditEventsAsync(r, day, ct))
            .ReturnsText("application/fhir+ndjson"),
        Op("GET", Routes.FhirJwks, "getJwks", "Hospital", "The public key set of the hub's SMART Backend Services client assertions (register this URL with the EHR).", null,
                (AppointmentEndpoints e) => e.Jwks())
            .Returns<Dictionary<string, object>>(),
        Op("POST", Routes.Session, "createSession", "Console", "Sign in: exchange the key in X-Api-Key for an HttpOnly, SameSite=Strict session cookie the API accepts like the header.", Read,
                (HttpRequest r, SessionEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct))
            .Returns<SessionView>().Fails(400),
        Op("GET", Routes.Session, "getSession", "Console", "Who is signed in (key id and scope).", Read,
                (HttpRequest r, SessionEndpoints e, CancellationToken ct) => e.GetAsync(r, ct))
            .Returns<SessionView>(),
        Op("DELETE", Routes.Session, "deleteSession", "Console", "Sign out: the session is deleted and the cookie cleared.", Read,
                (HttpRequest r, SessionEndpoints e, CancellationToken ct) => e.DeleteAsync(r, ct))
            .ReturnsNothing(),
        Op("GET", Routes.QueuesStream, "streamQueues", "Supervisor", "The queues (as GET /api/queues, the same top) as server-sent events, a new snapshot when it changes; pages poll GET /api/queues where a host cannot stream.", Read,
                (HttpRequest r, SlaEndpoints e, CancellationToken ct) => e.StreamQueuesAsync(r, ct))
            .Query("top").ReturnsText("text/event-stream").Fails(400),

        Op("GET", Routes.OpenApi, "openApi", "Operations", "This document.", null,
                (OpenApiEndpoints e) => e.Document())
            .ReturnsText("application/json"),
        Op("GET", Routes.Docs, "docs", "Operations", "A browsable page over this document.", null,
                (OpenApiEndpoints e) => e.Docs())
            .ReturnsText("text/html"),
    ];

    private static ApiOperation Op(string method, string route, string operationId, string tag, string summary, ApiScope? scope, Delegate handler) =>
        new(method, route, operationId, tag, summary, scope, handler);
}
