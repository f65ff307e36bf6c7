using OmniSupport.Api.Catalog;
using OmniSupport.Api.OpenApi;

namespace OmniSupport.Functions.Tests;

/// <summary>The Functions app's HTTP triggers against the one catalog of operations, and the document built from it.</summary>
public sealed class OpenApiParityTests
{
    private static SortedSet<string> Catalog() =>
        new(ApiCatalog.Operations.Select(o => $"{o.Method} api/{o.Route}"), StringComparer.Ordinal);

    [Fact]
    public void Every_http_trigger_serves_a_catalog_operation_with_its_method_and_route_and_every_operation_has_a_trigger()
    {
        var triggers = HostSurface.FunctionsRoutes();
        var catalog = Catalog();

        // As differences, so a failure names the trigger or the operation.
        Assert.Empty(triggers.Except(catalog));
        Assert.Empty(catalog.Except(triggers));
    }

    [Fact]
    public void The_openapi_document_lists_exactly_the_catalog_operations()
    {
        var documented = new SortedSet<string>(
            ApiDocument.Build(null).Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method} {p.Key.TrimStart('/')}")),
            StringComparer.Ordinal);
        var catalog = new SortedSet<string>(Catalog().Select(r => r.Replace("{*", "{", StringComparison.Ordinal)), StringComparer.Ordinal);

        Assert.Equal(catalog, documented);
    }

    [Fact]
    public void Operation_ids_are_unique_and_every_keyed_operation_documents_401_403_and_503()
    {
        Assert.Equal(ApiCatalog.Operations.Count, ApiCatalog.Operations.Select(o => o.OperationId).Distinct(StringComparer.Ordinal).Count());
        foreach (var op in ApiCatalog.Operations.Where(o => o.Scope is not null))
        {
            var statuses = op.Responses.Select(r => r.Status).ToHashSet();
            Assert.True(statuses.IsSupersetOf([401, 403, 503]), $"{op.OperationId} lacks 401, 403 or 503");
        }
    }
}
