using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniSupport.Storage;

namespace OmniSupport.Functions;

/// <summary>
/// The queue triggers listen on <c>%HUB_…_QUEUE%</c> (<see cref="StorageNames.Bindings"/>), which the Functions host
/// resolves from app settings this worker cannot set. A start with <c>Storage:Prefix</c> and those settings
/// disagreeing would write to one set of queues and listen on another, so it fails naming each setting.
/// </summary>
public sealed class QueueBindingSettings(IConfiguration configuration) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(configuration, options.Prefix).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Each binding setting that is missing or holds another name than <paramref name="prefix"/> gives.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration, string prefix)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (setting, expected) in new StorageNames(prefix).BindingSettings)
        {
            var actual = configuration[setting];
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                yield return $"{setting} is {(actual is null ? "not set" : $"'{actual}'")} but Storage:Prefix '{prefix}' makes that queue '{expected}': " +
                    $"the trigger would listen on another queue than the hub writes to. Set {setting}={expected} (infra/main.bicep sets it from storagePrefix).";
            }
        }
    }

    public static IServiceCollection AddQueueBindingCheck(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<IValidateOptions<StorageOptions>>(new QueueBindingSettings(configuration));
}
