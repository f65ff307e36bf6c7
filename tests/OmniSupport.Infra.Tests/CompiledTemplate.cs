using System.Text.Json.Nodes;

namespace OmniSupport.Infra.Tests;

/// <summary>
/// infra/main.bicep built and linted once per test run, and the compiled ARM template with
/// helpers to walk it (modules are nested deployments whose templates are inlined).
/// </summary>
public sealed class CompiledTemplate
{
    public CompiledTemplate()
    {
        Build = BicepCli.Run("build", RepoPaths.MainBicep, "--stdout");
        Lint = BicepCli.Run("lint", RepoPaths.MainBicep);
        if (Build.ExitCode == 0 && Build.StandardOutput.TrimStart().StartsWith('{'))
        {
            Root = JsonNode.Parse(Build.StandardOutput)!.AsObject();
            Text = Build.StandardOutput;
        }
    }

    public BicepRun Build { get; }

    public BicepRun Lint { get; }

    /// <summary>The compiled main template, or null when the build failed.</summary>
    public JsonObject? Root { get; }

    public string Text { get; } = "";

    public JsonObject Main => Root ?? throw new InvalidOperationException($"main.bicep did not compile.\n{Build}");

    /// <summary>Every resource in main and in every module, with the template that declares it.</summary>
    public IEnumerable<TemplateResource> AllResources() => ResourcesOf(Main, parentDeployment: null);

    public IEnumerable<TemplateResource> ResourcesOfType(string type) =>
        AllResources().Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The module deployment whose template declares a resource of the given type.</summary>
    public IEnumerable<TemplateResource> DeploymentsDeclaring(string type) =>
        ResourcesOfType("Microsoft.Resources/deployments")
            .Where(d => ResourcesOf(NestedTemplate(d), d).Any(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The Function App's application settings as compiled: the literal object main.bicep passes
    /// to modules/app-settings.bicep (values are strings or ARM expressions).
    /// </summary>
    public JsonObject AppSettings()
    {
        var deployment = DeploymentsDeclaring("Microsoft.Web/sites/config").Single();
        var settings = deployment.Node["properties"]?["parameters"]?["appSettings"]?["value"] as JsonObject;
        return settings ?? throw new InvalidOperationException("The app-settings module is not given an appSettings object literal.");
    }

    public static JsonObject NestedTemplate(TemplateResource deployment) =>
        deployment.Node["properties"]?["template"] as JsonObject
        ?? throw new InvalidOperationException($"Deployment {deployment.Name} has no inline template.");

    public static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static IEnumerable<TemplateResource> ResourcesOf(JsonObject template, TemplateResource? parentDeployment)
    {
        // Templates compiled with symbolic names hold resources in an object, others in an array.
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject obj => obj.Select(p => p.Value),
            _ => [],
        };

        foreach (var node in resources.OfType<JsonObject>())
        {
            var resource = new TemplateResource(node, template, parentDeployment);
            yield return resource;
            if (string.Equals(resource.Type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                && node["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in ResourcesOf(nested, resource))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>One resource of the compiled template: its JSON, the template declaring it, and the module deployment that template belongs to.</summary>
public sealed record TemplateResource(JsonObject Node, JsonObject Template, TemplateResource? Deployment)
{
    public string Type => CompiledTemplate.Str(Node["type"]) ?? "";

    public string Name => CompiledTemplate.Str(Node["name"]) ?? "";

    public JsonNode? Properties => Node["properties"];

    public override string ToString() => $"{Type} {Name}" + (Deployment is null ? "" : $" (module {Deployment.Name})");
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "bicep";
}
