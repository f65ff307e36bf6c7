using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Api.Security;

namespace OmniSupport.Console.Tests;

/// <summary>
/// Known answers of the agreed shapes for the staff and journeys APIs, served in place of the hub's own
/// endpoints behind the same credential check (ApiKeyAuthenticator: the key or the console's cookie): the
/// page tests state how a page renders a given day or window (figures such as 62 % that real seeding of an
/// EHR and months of journeys cannot produce in a page test). The endpoints' own answers are stated by
/// HospitalTests and JourneyAnalyticsTests against the same shapes.
/// </summary>
public sealed class PendingApis(IReadOnlyDictionary<string, Func<HttpRequest, object>> answers) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (!answers.TryGetValue(path, out var answer))
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

    public static void AddTo(ConsoleHub hub, IReadOnlyDictionary<string, Func<HttpRequest, object>> answers) =>
        hub.TestServices = services => services.AddSingleton<IStartupFilter>(new PendingApis(answers));
}
