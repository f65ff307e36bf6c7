using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Api.Security;

namespace OmniSupport.Console.Tests;

/// <summary>
/// The staff and journeys APIs come from other issues (the hospital's appointments, the analytics). Until
/// the hub maps them, this serves the agreed answer shapes for those routes, behind the same credential
/// check as the API (ApiKeyAuthenticator: the key or the console's cookie), so the pages are tested against
/// the contract. When the hub maps a route itself, this steps aside and the real endpoint answers.
/// </summary>
public sealed class PendingApis(IReadOnlyDictionary<string, Func<HttpRequest, object>> answers) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (!answers.TryGetValue(path, out var answer) || Mapped(context, path))
            {
                await following(context);
                return;
            }

            var principal = await context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(context.Request, context.RequestAborted);
            if (principal is null)
            {
                context.Response.StatusCode = 401;
                return;
            }

            await context.Response.WriteAsJsonAsync(answer(context.Request), ConsoleHub.Web);
        });
        next(app);
    };

    public static bool Mapped(HttpContext context, string path) =>
        context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Any(e => string.Equals("/" + e.RoutePattern.RawText?.TrimStart('/'), path, StringComparison.OrdinalIgnoreCase));

    public static void AddTo(ConsoleHub hub, IReadOnlyDictionary<string, Func<HttpRequest, object>> answers) =>
        hub.TestServices = services => services.AddSingleton<IStartupFilter>(new PendingApis(answers));
}
