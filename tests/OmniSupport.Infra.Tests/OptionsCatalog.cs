using System.Collections;
using System.Reflection;

namespace OmniSupport.Infra.Tests;

/// <summary>
/// The settings the hub binds, read by reflection from the assemblies deployed to the Function App:
/// every class with <c>public const string SectionName</c> and public settable properties. A property
/// maps to the app setting <c>{SectionName with ':' as '__'}__{Property}</c>; nested option objects
/// continue the path, collections and dictionaries are set per entry and are not listed.
/// </summary>
public static class OptionsCatalog
{
    private const int MaxDepth = 4;

    /// <summary>OmniSupport assemblies in the test output: the referenced functions/ projects (the self-hosted Server is not deployed).</summary>
    public static IReadOnlyList<Assembly> HubAssemblies { get; } = LoadHubAssemblies();

    public static IReadOnlyList<OptionsClass> OptionsClasses { get; } = FindOptionsClasses();

    public static IReadOnlyList<BoundSetting> Settings { get; } = OptionsClasses.SelectMany(ListSettings).ToList();

    public static IEnumerable<Type> AllTypes() => HubAssemblies.SelectMany(LoadableTypes);

    private static List<Assembly> LoadHubAssemblies() =>
        Directory.GetFiles(AppContext.BaseDirectory, "OmniSupport.*.dll")
            .Where(path => !Path.GetFileNameWithoutExtension(path).EndsWith("Tests", StringComparison.Ordinal)
                           && !Path.GetFileNameWithoutExtension(path).EndsWith("TestUtilities", StringComparison.Ordinal))
            .Select(path => Assembly.Load(AssemblyName.GetAssemblyName(path)))
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)
            .ToList();

    private static List<OptionsClass> FindOptionsClasses() =>
        AllTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Select(t => (type: t, field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.field is { IsLiteral: true } && x.field.FieldType == typeof(string))
            .Select(x => new OptionsClass(x.type, (string)x.field!.GetRawConstantValue()!))
            .OrderBy(o => o.SectionName, StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<BoundSetting> ListSettings(OptionsClass options) =>
        ListSettings(options, options.Type, options.SettingPrefix, options.Type.Name, depth: 0);

    private static IEnumerable<BoundSetting> ListSettings(OptionsClass owner, Type type, string prefix, string path, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = $"{prefix}__{ConfigurationKey(property)}";
            var propertyPath = $"{path}.{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;

            if (IsScalar(propertyType))
            {
                if (property.SetMethod is { IsPublic: true })
                {
                    yield return new BoundSetting(key, owner, propertyPath, PerEntry: false);
                }
            }
            else if (typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                // Api__Keys__0__Id, Channels__Generic__Sources__{name}__Secret: set per entry.
                yield return new BoundSetting(key, owner, propertyPath, PerEntry: true);
            }
            else if (propertyType.IsClass && depth < MaxDepth)
            {
                foreach (var nested in ListSettings(owner, propertyType, key, propertyPath, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string ConfigurationKey(PropertyInfo property) =>
        property.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == "Microsoft.Extensions.Configuration.ConfigurationKeyNameAttribute")
            .Select(a => a.ConstructorArguments[0].Value as string)
            .FirstOrDefault() ?? property.Name;

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
        || type == typeof(TimeSpan) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
        || type == typeof(Guid) || type == typeof(Uri) || type == typeof(TimeOnly) || type == typeof(DateOnly);

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}

public sealed record OptionsClass(Type Type, string SectionName)
{
    /// <summary>The app-setting prefix of the section: Channels:Twilio becomes Channels__Twilio.</summary>
    public string SettingPrefix => SectionName.Replace(":", "__", StringComparison.Ordinal);
}

/// <summary>
/// One setting an options class binds. PerEntry settings are collections (a prefix under which each
/// entry is its own setting) and are not required in the template.
/// </summary>
public sealed record BoundSetting(string Name, OptionsClass Owner, string PropertyPath, bool PerEntry)
{
    public override string ToString() => $"{Name} ({PropertyPath} in {Owner.Type.Assembly.GetName().Name})";
}
