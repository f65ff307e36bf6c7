using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace OmniSupport.Api;

/// <summary>
/// Settings both hosts must have even when no settings file is found (the Server started from another
/// folder, a container without appsettings.json): added as the lowest-priority configuration source, so
/// files, environment and command line still override them. Request logging stays off by default:
/// ASP.NET Core's request lines and HttpClient's would carry webhook secrets and look-up identities.
/// </summary>
public static class SafeHostDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Extensions.Http"] = "Warning",
        ["Logging:LogLevel:System.Net.Http"] = "Warning",
        ["Logging:LogLevel:Azure"] = "Warning",
        ["Logging:LogLevel:DurableTask"] = "Warning",
    };

    public static void AddTo(IConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Settings });
}
