using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace OmniSupport.Api.OpenApi;

/// <summary>
/// JSON schemas of the API's C# types, as System.Text.Json sees them with the options the API writes with
/// (web defaults: camelCase, numbers as numbers). Every object type becomes one named component under
/// <c>#/components/schemas</c> and is referenced from wherever it appears, so a generated client gets one
/// model per type.
/// </summary>
internal sealed class SchemaRegistry(Microsoft.OpenApi.OpenApiDocument document)
{
    private const string ComponentPrefix = "#/components/schemas/";

    // Numbers strictly: the API writes them as numbers (reading them from strings, which web defaults allow, is a tolerance, not the contract).
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private readonly Dictionary<Type, string> _names = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly Queue<Type> _pending = new();
    private readonly Dictionary<string, IOpenApiSchema> _components = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, IOpenApiSchema> Components => _components;

    /// <summary>The schema of a request or response body of this type (a reference when it is an object type).</summary>
    public IOpenApiSchema For(Type type)
    {
        var schema = ToOpenApi(Export(type, asComponent: false));
        while (_pending.TryDequeue(out var next))
        {
            _components[_names[next]] = ToOpenApi(Export(next, asComponent: true));
        }

        return schema;
    }

    private JsonNode Export(Type type, bool asComponent) =>
        Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                var isRoot = context.Path.IsEmpty && context.PropertyInfo is null;
                if ((asComponent && isRoot) || !IsModel(context.TypeInfo))
                {
                    return node;
                }

                return new JsonObject { ["$ref"] = ComponentPrefix + NameOf(context.TypeInfo.Type) };
            },
        });

    private static bool IsModel(JsonTypeInfo info) =>
        info.Kind == JsonTypeInfoKind.Object && info.Properties.Count > 0 && !info.Type.IsPrimitive && info.Type != typeof(object);

    private string NameOf(Type type)
    {
        if (_names.TryGetValue(type, out var known))
        {
            return known;
        }

        var name = Readable(type);
        if (!_taken.Add(name))
        {
            // Two types of one name in different namespaces: the second is told apart by its namespace's last part.
            name = (type.Namespace?.Split('.').Last() ?? "") + name;
            _taken.Add(name);
        }

        _names[type] = name;
        _pending.Enqueue(type);
        return name;
    }

    private static string Readable(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return name + "Of" + string.Concat(type.GetGenericArguments().Select(Readable));
    }

    private IOpenApiSchema ToOpenApi(JsonNode node)
    {
        if (node is JsonObject { Count: 1 } only && only["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith(ComponentPrefix, StringComparison.Ordinal))
        {
            return new OpenApiSchemaReference(reference[ComponentPrefix.Length..], document);
        }

        var schema = new OpenApiJsonReader().ReadFragment<OpenApiSchema>(node, OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic);
        if (schema is null || diagnostic.Errors.Count > 0)
        {
            throw new InvalidOperationException("A generated schema did not read as OpenAPI: " + string.Join("; ", diagnostic.Errors.Select(e => e.ToString())));
        }

        return schema;
    }
}
