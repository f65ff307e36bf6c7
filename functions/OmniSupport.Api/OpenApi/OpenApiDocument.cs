using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmniSupport.Api.OpenApi;

/// <summary>The OpenAPI 3.1 document, generated from <see cref="ApiCatalog"/>.</summary>
public static partial class OpenApiDocument
{
    public static string Path(string route) => "/" + Routes.Prefix + "/" + route.Replace("{*", "{", StringComparison.Ordinal);

    public static JsonObject Build(string? serverUrl)
    {
        var paths = new JsonObject();
        foreach (var group in ApiCatalog.Operations.GroupBy(o => Path(o.Route)))
        {
            var item = new JsonObject();
            foreach (var op in group)
            {
                item[op.Method.ToLowerInvariant()] = Operation(op);
            }

            paths[group.Key] = item;
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "OmniSupport hub API",
                ["version"] = "1.0",
                ["description"] = "The omnichannel support hub's HTTP API. Send an API key in X-Api-Key; scopes read < write < admin. Every authenticated call is audited.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" },
                },
                ["schemas"] = new JsonObject
                {
                    ["Problem"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["status"] = new JsonObject { ["type"] = "integer" },
                            ["title"] = new JsonObject { ["type"] = "string" },
                            ["detail"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
        };
        if (!string.IsNullOrWhiteSpace(serverUrl))
        {
            document["servers"] = new JsonArray(new JsonObject { ["url"] = serverUrl.TrimEnd('/') });
        }

        return document;
    }

    private static JsonObject Operation(ApiOperation op)
    {
        var parameters = new JsonArray();
        foreach (Match m in PathParameter().Matches(op.Route))
        {
            parameters.Add(new JsonObject { ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        foreach (var q in op.QueryParameters ?? [])
        {
            parameters.Add(new JsonObject { ["name"] = q, ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "Success", ["content"] = new JsonObject { [op.ResponseType] = new JsonObject() } },
            ["400"] = Problem("The request is malformed or refused"),
            ["503"] = Problem("Storage unavailable"),
        };
        if (op.Scope is not null)
        {
            responses["401"] = Problem("No or unknown API key");
            responses["403"] = Problem($"The key lacks the '{op.Scope}' scope");
            responses["404"] = Problem("Not found");
        }

        var operation = new JsonObject
        {
            ["operationId"] = op.OperationId,
            ["tags"] = new JsonArray(op.Tag),
            ["summary"] = op.Summary,
            ["parameters"] = parameters,
            ["responses"] = responses,
        };
        if (op.Scope is not null)
        {
            operation["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() });
            operation["x-scope"] = op.Scope;
        }

        if (op.RequestExample is not null)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" }, ["example"] = JsonNode.Parse(op.RequestExample) } },
            };
        }

        return operation;
    }

    private static JsonObject Problem(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
    };

    [GeneratedRegex("\\{\\*?([A-Za-z]+)\\}")]
    private static partial Regex PathParameter();
}
