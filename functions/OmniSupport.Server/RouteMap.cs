using OmniSupport.Api;
using OmniSupport.Api.Audit;
using OmniSupport.Api.Endpoints;
using OmniSupport.Api.Security;
using OmniSupport.Console;

namespace OmniSupport.Server;

/// <summary>The Server's routes: the same constants and handlers as the Functions triggers.</summary>
public static class RouteMap
{
    public static IEndpointRouteBuilder MapOmniSupport(this IEndpointRouteBuilder app)
    {
        // Cross-cutting, once for the group: each operation's scope policy (from the catalog) and its audit entry.
        var api = app.MapGroup("/" + Routes.Prefix).RequireCatalogScopes().AddEndpointFilter<AuditEndpointFilter>();

        api.MapMethods(AspNet(Routes.Webhook), ["GET", "POST"],
            (HttpRequest r, string provider, string? path, WebhookEndpoint e, CancellationToken ct) => e.HandleAsync(r, provider, path, ct));
        api.MapGet(Routes.Health, (HealthEndpoint e, CancellationToken ct) => e.GetAsync(ct));

        api.MapGet(Routes.Customers, (HttpRequest r, CustomerEndpoints e, CancellationToken ct) => e.FindAsync(r, ct));
        api.MapGet(Routes.Customer, (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct));
        api.MapGet(Routes.CustomerTimeline, (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.TimelineAsync(r, id, ct));
        api.MapPost(Routes.CustomerIdentities, (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.LinkIdentityAsync(r, id, ct));
        api.MapGet(Routes.Conversation, (HttpRequest r, string id, ConversationEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct));
        api.MapGet(Routes.ConversationSla, (HttpRequest r, string id, SlaEndpoints e, CancellationToken ct) => e.GetSlaAsync(r, id, ct));
        api.MapPost(Routes.ConversationQueue, (HttpRequest r, string id, SlaEndpoints e, CancellationToken ct) => e.ChangeQueueAsync(r, id, ct));
        api.MapGet(Routes.Queues, (HttpRequest r, SlaEndpoints e, CancellationToken ct) => e.GetQueuesAsync(r, ct));
        api.MapGet(Routes.Callbacks, (HttpRequest r, SlaEndpoints e, CancellationToken ct) => e.ListCallbacksAsync(r, ct));
        api.MapPost(Routes.CallbackClose, (HttpRequest r, string id, SlaEndpoints e, CancellationToken ct) => e.CloseCallbackAsync(r, id, ct));
        api.MapGet(Routes.SurveyReport, (HttpRequest r, SlaEndpoints e, CancellationToken ct) => e.SurveyReportAsync(r, ct));
        api.MapPost(Routes.ConversationReplies, (HttpRequest r, string id, OutboundEndpoints e, CancellationToken ct) => e.ReplyAsync(r, id, ct));

        api.MapGet(Routes.Poison, (HttpRequest r, AdminEndpoints e, CancellationToken ct) => e.ListPoisonAsync(r, ct));
        api.MapPost(Routes.PoisonReplay, (HttpRequest r, string id, AdminEndpoints e, CancellationToken ct) => e.ReplayPoisonAsync(r, id, ct));
        api.MapGet(Routes.Outbox, (HttpRequest r, OutboundEndpoints e, CancellationToken ct) => e.ListOutboxAsync(r, ct));

        // The helpdesk's side.
        api.MapPatch(Routes.CustomerAttributes, (HttpRequest r, string id, CustomerCareEndpoints e, CancellationToken ct) => e.PatchAttributesAsync(r, id, ct));
        api.MapPost(Routes.CustomersMerge, (HttpRequest r, CustomerCareEndpoints e, CancellationToken ct) => e.MergeAsync(r, ct));
        api.MapPost(Routes.CustomerUnmerge, (HttpRequest r, string id, CustomerCareEndpoints e, CancellationToken ct) => e.UnmergeAsync(r, id, ct));
        api.MapPost(Routes.ConversationResolve, (HttpRequest r, string id, ConversationEndpoints e, CancellationToken ct) => e.ResolveAsync(r, id, ct));
        api.MapGet(Routes.ConversationCard, (HttpRequest r, string id, ConversationEndpoints e, CancellationToken ct) => e.CardAsync(r, id, ct));
        api.MapPost(Routes.Handoffs, (HttpRequest r, HandoffEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct));
        api.MapGet(Routes.HandoffReport, (HttpRequest r, ReportEndpoints e, CancellationToken ct) => e.HandoffsAsync(r, ct));

        api.MapGet(Routes.KbArticles, (HttpRequest r, KnowledgeEndpoints e, CancellationToken ct) => e.ListAsync(r, ct));
        api.MapPost(Routes.KbArticles, (HttpRequest r, KnowledgeEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct));
        api.MapGet(Routes.KbArticle, (HttpRequest r, string id, KnowledgeEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct));
        api.MapPut(Routes.KbArticle, (HttpRequest r, string id, KnowledgeEndpoints e, CancellationToken ct) => e.ReplaceAsync(r, id, ct));
        api.MapDelete(Routes.KbArticle, (HttpRequest r, string id, KnowledgeEndpoints e, CancellationToken ct) => e.DeleteAsync(r, id, ct));
        api.MapGet(Routes.KbSearch, (HttpRequest r, KnowledgeEndpoints e, CancellationToken ct) => e.SearchAsync(r, ct));

        api.MapPost(Routes.Subscriptions, (HttpRequest r, SubscriptionEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct));
        api.MapGet(Routes.Subscriptions, (HttpRequest r, SubscriptionEndpoints e, CancellationToken ct) => e.ListAsync(r, ct));
        api.MapDelete(Routes.Subscription, (HttpRequest r, string id, SubscriptionEndpoints e, CancellationToken ct) => e.DeleteAsync(r, id, ct));
        api.MapGet(Routes.SubscriptionDeliveries, (HttpRequest r, string id, SubscriptionEndpoints e, CancellationToken ct) => e.DeliveriesAsync(r, id, ct));

        api.MapGet(Routes.Audit, (HttpRequest r, AuditEndpoints e, CancellationToken ct) => e.ListAsync(r, ct));
        api.MapGet(Routes.AuditVerify, (HttpRequest r, AuditEndpoints e, CancellationToken ct) => e.VerifyAsync(r, ct));
        api.MapGet(Routes.AuditExport, (HttpRequest r, string day, AuditEndpoints e, CancellationToken ct) => e.ExportAsync(r, day, ct));
        api.MapGet(Routes.ApiKeys, (HttpRequest r, KeyEndpoints e, CancellationToken ct) => e.ListAsync(r, ct));
        api.MapPost(Routes.ApiKeys, (HttpRequest r, KeyEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct));
        api.MapDelete(Routes.ApiKey, (HttpRequest r, string id, KeyEndpoints e, CancellationToken ct) => e.RevokeAsync(r, id, ct));

        api.MapGet(Routes.AnalyticsJourneys, (HttpRequest r, AnalyticsEndpoints e, CancellationToken ct) => e.JourneysAsync(r, ct));
        api.MapGet(Routes.AnalyticsJourneyConversations, (HttpRequest r, AnalyticsEndpoints e, CancellationToken ct) => e.ConversationsAsync(r, ct));
        api.MapGet(Routes.AnalyticsJourneyExport, (HttpRequest r, AnalyticsEndpoints e, CancellationToken ct) => e.ExportAsync(r, ct));
        api.MapGet(Routes.Appointments, (HttpRequest r, AppointmentEndpoints e, CancellationToken ct) => e.ListAsync(r, ct));
        api.MapGet(Routes.Appointment, (HttpRequest r, string id, AppointmentEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct));
        api.MapGet(Routes.AuditExportFhir, (HttpRequest r, string day, AppointmentEndpoints e, CancellationToken ct) => e.AuditEventsAsync(r, day, ct));
        api.MapGet(Routes.FhirJwks, (AppointmentEndpoints e) => e.Jwks());
        api.MapPost(Routes.Session, (HttpRequest r, SessionEndpoints e, CancellationToken ct) => e.CreateAsync(r, ct));
        api.MapGet(Routes.Session, (HttpRequest r, SessionEndpoints e, CancellationToken ct) => e.GetAsync(r, ct));
        api.MapDelete(Routes.Session, (HttpRequest r, SessionEndpoints e, CancellationToken ct) => e.DeleteAsync(r, ct));
        api.MapGet(Routes.QueuesStream, (HttpRequest r, SlaEndpoints e, CancellationToken ct) => e.StreamQueuesAsync(r, ct));

        api.MapGet(Routes.OpenApi, (OpenApiEndpoints e) => e.Document());
        api.MapGet(Routes.Docs, (OpenApiEndpoints e) => e.Docs());

        // The console's static files (outside the API; the Functions app serves them from one trigger).
        app.MapGet("/" + ConsoleFiles.Route, (HttpContext c, string? path) => ConsoleFiles.Serve(c, path));
        return app;
    }

    /// <summary>Functions writes a catch-all as <c>{*path}</c>; ASP.NET Core routing keeps slashes with <c>{**path}</c>.</summary>
    public static string AspNet(string functionsRoute) => functionsRoute.Replace("{*", "{**", StringComparison.Ordinal);
}
