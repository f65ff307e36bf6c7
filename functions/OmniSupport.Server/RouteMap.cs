using OmniSupport.Api;
using OmniSupport.Api.Audit;
using OmniSupport.Api.Catalog;
using OmniSupport.Api.Security;
using OmniSupport.Console;

namespace OmniSupport.Server;

/// <summary>The Server's routes: every operation of <see cref="ApiCatalog"/> with its handler, and the console's pages.</summary>
public static class RouteMap
{
    public static IEndpointRouteBuilder MapOmniSupport(this IEndpointRouteBuilder app)
    {
        // The audit entry, once for the group; each operation's scope policy where the catalog gives it one.
        var api = app.MapGroup("/" + Routes.Prefix).AddEndpointFilter<AuditEndpointFilter>();
        foreach (var op in ApiCatalog.Operations)
        {
            var endpoint = api.MapMethods(AspNet(op.Route), [op.Method], op.Handler)
                .WithName(op.OperationId)
                .WithTags(op.Tag)
                .WithSummary(op.Summary);
            if (op.Scope is { } scope)
            {
                endpoint.RequireAuthorization(ApiPolicies.For(scope));
            }

            foreach (var answer in op.Responses)
            {
                endpoint.Produces(answer.Status, answer.Body, answer.ContentType);
            }
        }

        // The console's static files: pages, not API operations (the Functions app serves them from one trigger).
        app.MapGet("/" + ConsoleFiles.Route, (HttpContext c, string? path) => ConsoleFiles.Serve(c, path));
        return app;
    }

    /// <summary>Functions writes a catch-all as <c>{*path}</c>; ASP.NET Core routing keeps slashes with <c>{**path}</c>.</summary>
    public static string AspNet(string functionsRoute) => functionsRoute.Replace("{*", "{**", StringComparison.Ordinal);
}
