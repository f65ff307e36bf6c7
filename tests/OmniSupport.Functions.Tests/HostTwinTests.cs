using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Server.Durable;

namespace OmniSupport.Functions.Tests;

/// <summary>Every orchestrator and activity the Server's TaskHubWorker registers has its Durable Functions twin, under the same name.</summary>
public sealed class HostTwinTests
{
    private static readonly MethodInfo[] FunctionMethods = HostSurface.FunctionMethods().ToArray();

    private static IEnumerable<string> FunctionsWith<TTrigger>() where TTrigger : Attribute =>
        FunctionMethods
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<TTrigger>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);

    [Fact]
    public void Every_orchestrator_the_server_registers_has_an_orchestration_trigger()
    {
        Assert.NotEmpty(DurableHost.OrchestrationNames);
        Assert.Equal(DurableHost.OrchestrationNames.Order(), FunctionsWith<OrchestrationTriggerAttribute>().Order());
    }

    [Fact]
    public void Every_activity_the_server_registers_has_an_activity_trigger()
    {
        Assert.NotEmpty(DurableHost.ActivityNames);
        Assert.Equal(DurableHost.ActivityNames.Order(), FunctionsWith<ActivityTriggerAttribute>().Order());
    }
}
