using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OmniSupport.Api.Catalog;

namespace OmniSupport.Api.OpenApi;

/// <summary>The OpenAPI 3.1 document of <see cref="ApiCatalog"/>, built with Microsoft.OpenApi.</summary>
public static class ApiDocument
{
    public const string ApiKeyScheme = "apiKey";

    /// <summary>Query parameters that take whole numbers (the rest are strings: ids, ISO 8601 times, filters).</summary>
    private static readonly HashSet<string> IntegerQueries = new(StringComparer.Ordinal) { "pageSize", "max", "top" };

    public static string Path(string route) => "/" + Routes.Prefix + "/" + route.Replace("{*", "{", StringComparison.Ordinal);

    public static Microsoft.OpenApi.OpenApiDocument Build(string? serverUrl)
    {
        var document = new Microsoft.OpenApi.OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "OmniSupport hub API",
                Version = "1.0",
                Description = "The omnichannel support hub's HTTP API. Send an API key in X-Api-Key; scopes read < write < admin. Every authenticated call is audited. "
                    + "Errors are problem details (RFC 9457): " + string.Join("; ", StatusMeanings.All.Select(s => $"{s.Key} {s.Value}")) + ".",
            },
            Paths = [],
            Components = new OpenApiComponents
            {
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [ApiKeyScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key" },
                },
            },
            Tags = new HashSet<OpenApiTag>(ApiCatalog.Operations.Select(o => o.Tag).Distinct(StringComparer.Ordinal).Select(t => new OpenApiTag { Name = t })),
        };
        if (!string.IsNullOrWhiteSpace(serverUrl))
        {
            document.Servers = [new OpenApiServer { Url = serverUrl.TrimEnd('/') }];
        }

        var schemas = new SchemaRegistry(document);
        foreach (var route in ApiCatalog.Operations.GroupBy(o => Path(o.Route)))
        {
            var item = new OpenApiPathItem { Operations = [] };
            foreach (var op in route)
            {
                item.Operations[HttpMethod.Parse(op.Method)] = Operation(op, document, schemas);
            }

            document.Paths[route.Key] = item;
        }

        document.Components.Schemas = schemas.Components.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        return document;
    }

    /// <summary>The document as the API serves it (JSON, OpenAPI 3.1).</summary>
    public static string ToJson(Microsoft.OpenApi.OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    private static OpenApiOperation Operation(ApiOperation op, Microsoft.OpenApi.OpenApiDocument document, SchemaRegistry schemas)
    {
        var operation = new OpenApiOperation
        {
            OperationId = op.OperationId,
            Tags = new HashSet<OpenApiTagReference> { new(op.Tag, document) },
            Summary = op.Summary,
            Parameters = [.. Parameters(op)],
            Responses = [],
        };
        foreach (var status in op.Responses.GroupBy(r => r.Status))
        {
            var response = new OpenApiResponse { Description = StatusMeanings.Describe(status.Key, op) };
            foreach (var answer in status.Where(a => a.ContentType is not null))
            {
                response.Content ??= new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal);
                response.Content[answer.ContentType!] = new OpenApiMediaType
                {
                    Schema = answer.Body == typeof(string) ? new OpenApiSchema { Type = JsonSchemaType.String } : schemas.For(answer.Body!),
                };
            }

            operation.Responses[status.Key.ToString(CultureInfo.InvariantCulture)] = response;
        }

        if (op.RequestType is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                {
                    [ApiOperation.Json] = new OpenApiMediaType
                    {
                        Schema = schemas.For(op.RequestType),
                        Example = op.RequestExample is null ? null : JsonNode.Parse(op.RequestExample),
                    },
                },
            };
        }

        if (op.Scope is { } scope)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
            operation.Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal)
            {
                ["x-scope"] = new JsonNodeExtension(JsonValue.Create(scope.ToString().ToLowerInvariant())),
            };
        }

        return operation;
    }

    private static IEnumerable<IOpenApiParameter> Parameters(ApiOperation op)
    {
        foreach (var name in op.PathParameters)
        {
            yield return new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        foreach (var name in op.QueryParameters)
        {
            yield return new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Required = false,
                Schema = new OpenApiSchema { Type = IntegerQueries.Contains(name) ? JsonSchemaType.Integer : JsonSchemaType.String },
            };
        }
    }
}
