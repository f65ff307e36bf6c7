using OmniSupport.Api.OpenApi;

namespace OmniSupport.Functions.Tests;

public sealed class OpenApiParityTests
{
    [Fact]
    public void The_openapi_document_lists_every_route_the_functions_app_serves_and_no_other()
    {
        var documented = new SortedSet<string>(
            OpenApiDocument.Build(null)["paths"]!.AsObject()
                .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key.TrimStart('/')}")),
            StringComparer.Ordinal);
        var served = new SortedSet<string>(HostSurface.FunctionsRoutes().Select(r => r.Replace("{*", "{", StringComparison.Ordinal)), StringComparer.Ordinal);

        Assert.Equal(served, documented);
    }
}
