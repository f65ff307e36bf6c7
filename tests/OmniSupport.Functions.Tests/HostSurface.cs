using System.Reflection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniSupport.Functions.Triggers;
using OmniSupport.Server.Workers;
using OmniSupport.TestUtilities;

namespace OmniSupport.Functions.Tests;

/// <summary>What each host serves: routes as "METHOD api/route" and the queues it consumes.</summary>
public static class HostSurface
{
    public static Assembly FunctionsAssembly => typeof(QueueFunctions).Assembly;

    public static IEnumerable<MethodInfo> FunctionMethods() =>
        FunctionsAssembly.GetTypes().SelectMany(t => t.GetMethods()).Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);

    public static SortedSet<string> FunctionsRoutes()
    {
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var method in FunctionMethods())
        {
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().SingleOrDefault();
            if (trigger?.Route == OmniSupport.Console.ConsoleFiles.FunctionsRoute)
            {
                continue; // The console's files, not an API route (ConsoleServingTests compare them).
            }

            foreach (var verb in trigger?.Methods ?? [])
            {
                routes.Add($"{verb.ToUpperInvariant()} api/{trigger!.Route}");
            }
        }

        return routes;
    }

    public static SortedSet<string> FunctionsQueues() => new(
        FunctionMethods()
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName)
            .OfType<string>(),
        StringComparer.Ordinal);

    public static (SortedSet<string> Routes, SortedSet<string> Queues) Server()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:ConnectionString", AzuriteFixture.UnreachableConnectionString());
            b.UseSetting("Logging:LogLevel:Default", "None");
        });
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            var pattern = endpoint.RoutePattern.RawText!.TrimStart('/').Replace("{**", "{*", StringComparison.Ordinal);
            if (!pattern.StartsWith("api/", StringComparison.Ordinal))
            {
                continue; // The console's files under /console/ (ConsoleServingTests compare them).
            }

            foreach (var method in methods)
            {
                routes.Add($"{method} {pattern}");
            }
        }

        var queues = new SortedSet<string>(
            factory.Services.GetServices<IHostedService>().OfType<QueueWorker>().Select(w => w.QueueName),
            StringComparer.Ordinal);
        return (routes, queues);
    }
}
