using System.Reflection;
using System.Text.Json.Nodes;
using static OmniSupport.Infra.Tests.CompiledTemplate;

namespace OmniSupport.Infra.Tests;

/// <summary>
/// Every setting the code binds is deployed: when an options class gains a property, this fails
/// until infra/main.bicep sets it (as a value or a Key Vault reference).
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class SettingsParityTests(CompiledTemplate template)
{
    /// <summary>Settings the code binds that the deployment deliberately leaves unset, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotDeployed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Storage__ConnectionString"] =
            "Local runs only (Azurite). In Azure the hub reaches storage with Storage__*ServiceUri and the managed identity; a connection string would carry an account key.",
    };

    /// <summary>
    /// Settings the template provides before any options class binds them (none since the issue 3
    /// senders landed). Remove an entry when its property lands; if it lands under another name,
    /// rename the setting in infra/main.bicep instead.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ProvidedBeforeTheCodeReadsThem = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
    };

    private HashSet<string> TemplateSettings => template.AppSettings().Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void The_deployed_assemblies_and_their_options_classes_are_found()
    {
        var assemblies = OptionsCatalog.HubAssemblies.Select(a => a.GetName().Name).ToList();
        Assert.Contains("OmniSupport.Core", assemblies);
        Assert.Contains("OmniSupport.Functions", assemblies);
        Assert.DoesNotContain("OmniSupport.Server", assemblies);

        var sections = OptionsCatalog.OptionsClasses.Select(o => o.SectionName).ToList();
        Assert.Contains("Ingest", sections);
        Assert.Contains("Identity", sections);
        Assert.Contains(OptionsCatalog.Settings, s => s.Name == "Ingest__ReplayWindowSeconds");
    }

    [Fact]
    public void Every_setting_an_options_class_binds_is_set_by_the_template()
    {
        var deployed = TemplateSettings;
        var missing = OptionsCatalog.Settings
            .Where(s => !s.PerEntry && !NotDeployed.ContainsKey(s.Name) && !deployed.Contains(s.Name))
            .Select(s => s.ToString())
            .ToList();

        Assert.True(
            missing.Count == 0,
            "These settings are bound by options classes but not set in infra/main.bicep (module appSettings). " +
            "Add each to the appSettings object, as a value or, for a secret, a Key Vault reference " +
            "(or, if it must not be deployed, to SettingsParityTests.NotDeployed with the reason):\n  " +
            string.Join("\n  ", missing));
    }

    [Fact]
    public void Settings_left_out_on_purpose_are_real_and_really_left_out()
    {
        var bound = OptionsCatalog.Settings.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, reason) in NotDeployed)
        {
            Assert.False(string.IsNullOrWhiteSpace(reason));
            Assert.True(bound.Contains(name), $"{name} is in NotDeployed but no options class binds it any more: remove it from the list.");
            Assert.False(TemplateSettings.Contains(name), $"{name} is in NotDeployed but the template sets it.");
        }
    }

    [Fact]
    public void Template_settings_of_a_known_section_name_a_real_property()
    {
        // A typo or a renamed property in a section the code has leaves the app without the value.
        // Settings of sections no options class has yet (providers still being written) are not judged.
        var bound = OptionsCatalog.Settings.ToList();
        var prefixes = OptionsCatalog.OptionsClasses.Select(o => o.SettingPrefix + "__").ToList();
        var unknown = TemplateSettings
            .Where(name => prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Where(name => !ProvidedBeforeTheCodeReadsThem.ContainsKey(name))
            .Where(name => !bound.Any(s => s.PerEntry
                ? name.StartsWith(s.Name + "__", StringComparison.OrdinalIgnoreCase)
                : string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.True(
            unknown.Count == 0,
            "The template sets settings that no options property binds (a typo, or a property renamed or removed: fix infra/main.bicep):\n  " +
            string.Join("\n  ", unknown));
    }

    [Fact]
    public void Every_trigger_and_binding_connection_is_identity_based_in_the_template()
    {
        var settings = template.AppSettings();
        var connections = BindingConnections().Append("AzureWebJobsStorage").Append(DurableConnectionName()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Contains("AzureWebJobsStorage", connections);

        foreach (var connection in connections)
        {
            Assert.True(
                Str(settings[$"{connection}__credential"]) == "managedidentity",
                $"Connection '{connection}' needs {connection}__credential = managedidentity in the template");
            Assert.False(string.IsNullOrEmpty(Str(settings[$"{connection}__clientId"])), $"Connection '{connection}' needs {connection}__clientId");
            Assert.True(
                new[] { "queueServiceUri", "blobServiceUri", "tableServiceUri", "serviceUri", "accountName" }
                    .Any(suffix => !string.IsNullOrEmpty(Str(settings[$"{connection}__{suffix}"]))),
                $"Connection '{connection}' needs its service URI ({connection}__queueServiceUri etc.) in the template");
            Assert.Null(settings[connection]);
        }
    }

    /// <summary>Connection names given to trigger and binding attributes (Connection = "...") in the deployed code.</summary>
    private static IEnumerable<string> BindingConnections()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var attributes = OptionsCatalog.AllTypes().SelectMany(type =>
            type.GetMethods(all).SelectMany(m => m.GetCustomAttributesData().Concat(m.GetParameters().SelectMany(p => p.GetCustomAttributesData())))
                .Concat(type.GetProperties(all).SelectMany(p => p.GetCustomAttributesData())));

        foreach (var attribute in attributes)
        {
            IList<CustomAttributeNamedArgument> named;
            try
            {
                named = attribute.NamedArguments;
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            foreach (var argument in named.Where(a => a.MemberName == "Connection"))
            {
                if (argument.TypedValue.Value is string { Length: > 0 } connection)
                {
                    yield return connection;
                }
            }
        }
    }

    /// <summary>The storage connection of the Durable task hub (host.json), AzureWebJobsStorage by default.</summary>
    private static string DurableConnectionName()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(RepoPaths.Of("host.json")))!;
        var storageProvider = hostJson["extensions"]?["durableTask"]?["storageProvider"];
        return Str(storageProvider?["connectionName"]) ?? Str(storageProvider?["connectionStringName"]) ?? "AzureWebJobsStorage";
    }
}
