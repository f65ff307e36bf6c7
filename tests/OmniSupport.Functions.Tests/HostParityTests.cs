namespace OmniSupport.Functions.Tests;

public sealed class HostParityTests
{
    [Fact]
    public void Both_hosts_serve_the_same_routes_with_the_same_methods()
    {
        var (serverRoutes, _) = HostSurface.Server();
        var functionsRoutes = HostSurface.FunctionsRoutes();

        Assert.NotEmpty(functionsRoutes);
        Assert.Equal(functionsRoutes, serverRoutes);
    }

    [Fact]
    public void Both_hosts_consume_the_same_queues()
    {
        var (_, serverQueues) = HostSurface.Server();
        var functionsQueues = HostSurface.FunctionsQueues();

        Assert.Contains("inbound", functionsQueues);
        Assert.Equal(functionsQueues, serverQueues);
    }

    [Fact]
    public void Every_function_name_is_unique()
    {
        var names = HostSurface.FunctionMethods()
            .Select(m => ((Microsoft.Azure.Functions.Worker.FunctionAttribute)m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false)[0]).Name)
            .ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
