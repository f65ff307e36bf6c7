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

    /// <summary>The queue triggers' queue names as written: binding expressions (<c>%HUB_INBOUND_QUEUE%</c>).</summary>
    public static IReadOnlyList<string> FunctionsQueueExpressions() =>
        FunctionMethods()
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName)
            .OfType<string>()
            .ToList();

    /// <summary>The queues the triggers listen on with <paramref name="settings"/> as app settings (the Functions host's <c>%NAME%</c> resolution).</summary>
    public static SortedSet<string> FunctionsQueues(IReadOnlyDictionary<string, string> settings) => new(
        FunctionsQueueExpressions().Select(e => ResolveBindingExpression(e, settings)),
        StringComparer.Ordinal);

    /// <summary>The queues of an unprefixed deployment.</summary>
    public static SortedSet<string> FunctionsQueues() => FunctionsQueues(new OmniSupport.Storage.StorageNames("").BindingSettings);

    /// <summary>Every <c>%NAME%</c> in <paramref name="expression"/> replaced by that setting; a missing one fails, as it fails the host's indexing.</summary>
    public static string ResolveBindingExpression(string expression, IReadOnlyDictionary<string, string> settings) =>
        System.Text.RegularExpressions.Regex.Replace(expression, "%([^%]+)%", m =>
            settings.TryGetValue(m.Groups[1].Value, out var value)
                ? value
                : throw new InvalidOperationException($"'{m.Groups[1].Value}' does not resolve to a value (binding expression {expression})."));

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
