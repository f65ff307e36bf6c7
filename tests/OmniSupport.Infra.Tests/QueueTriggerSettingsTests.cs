using OmniSupport.Storage;
using static OmniSupport.Infra.Tests.CompiledTemplate;

namespace OmniSupport.Infra.Tests;

/// <summary>
/// The queue triggers listen on %HUB_*_QUEUE% (StorageNames.Bindings): the template sets each of them from the same
/// storagePrefix parameter as Storage__Prefix, so a prefixed deployment's triggers listen on the prefixed queues.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class QueueTriggerSettingsTests(CompiledTemplate template)
{
    [Fact]
    public void The_template_sets_every_queue_trigger_setting_to_the_prefixed_queue_name()
    {
        var settings = template.AppSettings();
        Assert.Equal("[parameters('storagePrefix')]", Str(settings["Storage__Prefix"]));

        foreach (var (setting, queue) in new StorageNames("").BindingSettings)
        {
            // '${storagePrefix}inbound' compiles to format('{0}inbound', parameters('storagePrefix')).
            Assert.Equal($"[format('{{0}}{queue}', parameters('storagePrefix'))]", Str(settings[setting]));
        }
    }

    [Fact]
    public void The_template_sets_no_queue_setting_the_code_does_not_bind()
    {
        var known = new StorageNames("").BindingSettings.Keys.ToHashSet(StringComparer.Ordinal);

        var unknown = template.AppSettings().Select(s => s.Key)
            .Where(k => k.StartsWith("HUB_", StringComparison.Ordinal) && !known.Contains(k))
            .ToList();

        Assert.Empty(unknown);
    }
}
