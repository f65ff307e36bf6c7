using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api.Security;

namespace OmniSupport.Functions.Middleware;

/// <summary>
/// The scope an HTTP function needs, read from its trigger's method and route and looked up in the
/// operation catalog (<see cref="ApiScopes"/>), as the Server's policies are: null for an open operation.
/// </summary>
public sealed class FunctionScopes
{
    private readonly ConcurrentDictionary<string, ApiScope?> _byEntryPoint = new(StringComparer.Ordinal);

    public ApiScope? Of(FunctionDefinition function) => _byEntryPoint.GetOrAdd(function.EntryPoint, Resolve);

    private static ApiScope? Resolve(string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        var method = dot < 0 ? null : typeof(FunctionScopes).Assembly.GetType(entryPoint[..dot])?.GetMethod(entryPoint[(dot + 1)..]);
        var trigger = method?.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().FirstOrDefault();
        if (trigger?.Route is null)
        {
            return null;
        }

        return (trigger.Methods ?? []).Select(m => ApiScopes.Of(m, trigger.Route)).Max();
    }
}
