using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniSupport.Orchestrations.Policies;

/// <summary>The policy file, loaded once at start (validated there: a bad file stops the host with the field named).</summary>
public sealed class SlaPolicyProvider
{
    private readonly Lazy<SlaPolicySet> _set;

    public SlaPolicyProvider(IOptions<SlaOptions> options, ILogger<SlaPolicyProvider> log)
    {
        var o = options.Value;
        _set = new Lazy<SlaPolicySet>(() =>
        {
            if (ResolvePath(o.PolicyFile) is not { } path)
            {
                log.LogWarning("Sla:PolicyFile is not set: no SLA targets, conversations get surveys only");
                return SlaPolicySet.Empty;
            }

            var set = SlaPolicyFile.Load(path);
            log.LogInformation("SLA policies loaded from {Path}: {Count}", path, set.Policies.Count);
            return set;
        });
        _surveysEnabled = o.SurveysEnabled;
        _configuredSurveyDelay = o.SurveyDelay;
    }

    public static readonly TimeSpan DefaultSurveyDelay = TimeSpan.FromHours(2);
    private readonly bool _surveysEnabled;
    private readonly TimeSpan? _configuredSurveyDelay;

    public SlaPolicySet Policies => _set.Value;

    /// <summary>The setting, else the file's surveyDelay, else 2 hours; null when surveys are off.</summary>
    public TimeSpan? SurveyDelay => _surveysEnabled ? _configuredSurveyDelay ?? Policies.SurveyDelay ?? DefaultSurveyDelay : null;

    public static string? ResolvePath(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        if (Path.IsPathRooted(configured) || File.Exists(configured))
        {
            return Path.GetFullPath(configured);
        }

        var besideApp = Path.Combine(AppContext.BaseDirectory, configured);
        return File.Exists(besideApp) ? besideApp : Path.GetFullPath(configured);
    }
}

/// <summary>Validates the policy file at start, so a bad edit stops the host with every bad field named.</summary>
public sealed class SlaOptionsValidator : IValidateOptions<SlaOptions>
{
    public ValidateOptionsResult Validate(string? name, SlaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SurveyDelay is { } delay && delay < TimeSpan.Zero)
        {
            failures.Add("Sla:SurveyDelay must not be negative.");
        }

        if (options.SupervisorWebhookUrl is { Length: > 0 } hook && !Uri.TryCreate(hook, UriKind.Absolute, out _))
        {
            failures.Add("Sla:SupervisorWebhookUrl must be an absolute URL.");
        }

        if (SlaPolicyProvider.ResolvePath(options.PolicyFile) is { } path)
        {
            try
            {
                SlaPolicyFile.Load(path);
            }
            catch (SlaPolicyException ex)
            {
                failures.AddRange(ex.Errors.Select(e => $"Sla:PolicyFile ({path}): {e}"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
