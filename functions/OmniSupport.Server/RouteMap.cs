using OmniSupport.Api;
using OmniSupport.Api.Endpoints;

namespace OmniSupport.Server;

/// <summary>The Server's routes: the same constants and handlers as the Functions triggers.</summary>
public static class RouteMap
{
    public static IEndpointRouteBuilder MapOmniSupport(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + Routes.Prefix);

        api.MapMethods(AspNet(Routes.Webhook), ["GET", "POST"],
            (HttpRequest r, string provider, string? path, WebhookEndpoint e, CancellationToken ct) => e.HandleAsync(r, provider, path, ct));
        api.MapGet(Routes.Health, (HealthEndpoint e, CancellationToken ct) => e.GetAsync(ct));

        api.MapGet(Routes.Customers, (HttpRequest r, CustomerEndpoints e, CancellationToken ct) => e.FindAsync(r, ct));
        api.MapGet(Routes.Customer, (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct));
        api.MapGet(Routes.CustomerTimeline, (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.TimelineAsync(r, id, ct));
        api.MapPost(Routes.CustomerIdentities, (HttpRequest r, string id, CustomerEndpoints e, CancellationToken ct) => e.LinkIdentityAsync(r, id, ct));
        api.MapGet(Routes.Conversation, (HttpRequest r, string id, ConversationEndpoints e, CancellationToken ct) => e.GetAsync(r, id, ct));
        api.MapPost(Routes.ConversationReplies, (HttpRequest r, string id, OutboundEndpoints e, CancellationToken ct) => e.ReplyAsync(r, id, ct));

        api.MapGet(Routes.Poison, (HttpRequest r, AdminEndpoints e, CancellationToken ct) => e.ListPoisonAsync(r, ct));
        api.MapPost(Routes.PoisonReplay, (HttpRequest r, string id, AdminEndpoints e, CancellationToken ct) => e.ReplayPoisonAsync(r, id, ct));
        api.MapGet(Routes.Outbox, (HttpRequest r, OutboundEndpoints e, CancellationToken ct) => e.ListOutboxAsync(r, ct));
        return app;
    }

    /// <summary>Functions writes a catch-all as <c>{*path}</c>; ASP.NET Core routing keeps slashes with <c>{**path}</c>.</summary>
    public static string AspNet(string functionsRoute) => functionsRoute.Replace("{*", "{**", StringComparison.Ordinal);
}
