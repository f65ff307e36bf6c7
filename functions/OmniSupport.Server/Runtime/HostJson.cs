using System.Globalization;
using System.Text.Json;

namespace OmniSupport.Server.Runtime;

/// <summary>
/// The runtime settings the Functions host takes from host.json, read from the same file by the Server (it is
/// copied beside the Server's binary): the queue trigger's batch size, new-batch threshold, polling interval,
/// visibility timeout between tries and max dequeue count, and the Durable task hub's name, partitions,
/// polling, prefetch and concurrency. Every one of them must be written in the file: a value left to a
/// runtime default would be the Functions host's default on one side and a guess on the other.
/// </summary>
public sealed class HostJson
{
    public const string FileName = "host.json";

    /// <summary>An explicit path to another host.json (a container that mounts its own); empty: the one beside the binary.</summary>
    public const string PathSetting = "Server:HostJsonPath";

    public required string Path { get; init; }

    public required HostJsonQueues Queues { get; init; }

    public required HostJsonDurable Durable { get; init; }

    /// <summary>The file at <see cref="PathSetting"/>, or host.json beside the Server's binary.</summary>
    public static HostJson Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[PathSetting];
        return Load(string.IsNullOrWhiteSpace(path) ? System.IO.Path.Combine(AppContext.BaseDirectory, FileName) : path, configuration);
    }

    /// <summary>Reads <paramref name="path"/>; <c>%NAME%</c> in the hub name resolves against <paramref name="settings"/>, as the Functions host resolves it.</summary>
    public static HostJson Load(string path, IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(path))
        {
            throw new HostJsonException($"{path} is missing: the Server takes its queue and Durable settings from the Functions app's host.json " +
                $"(copied beside its binary by the build; {PathSetting} names another).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new HostJsonException($"{path} is not JSON ({ex.Message}).");
        }

        using (document)
        {
            var reader = new Reader(path, document.RootElement);
            const string queues = "extensions.queues";
            const string durable = "extensions.durableTask";
            const string provider = "extensions.durableTask.storageProvider";
            var hubName = reader.String(durable, "hubName");
            return new HostJson
            {
                Path = path,
                Queues = new HostJsonQueues(
                    BatchSize: reader.Int(queues, "batchSize"),
                    NewBatchThreshold: reader.Int(queues, "newBatchThreshold"),
                    MaxDequeueCount: reader.Int(queues, "maxDequeueCount"),
                    VisibilityTimeout: reader.Time(queues, "visibilityTimeout"),
                    MaxPollingInterval: reader.Time(queues, "maxPollingInterval")),
                Durable = new HostJsonDurable(
                    HubName: Resolve(hubName, settings),
                    PartitionCount: reader.Int(provider, "partitionCount"),
                    MaxQueuePollingInterval: reader.Time(provider, "maxQueuePollingInterval"),
                    ControlQueueBatchSize: reader.Int(provider, "controlQueueBatchSize"),
                    ControlQueueBufferThreshold: reader.Int(provider, "controlQueueBufferThreshold"),
                    MaxConcurrentOrchestrations: reader.Int(durable, "maxConcurrentOrchestratorFunctions"),
                    MaxConcurrentActivities: reader.Int(durable, "maxConcurrentActivityFunctions"),
                    ExtendedSessions: reader.Bool(durable, "extendedSessionsEnabled")),
            };
        }
    }

    /// <summary><c>%TASKHUB_NAME%</c> to that setting's value; null when the setting is not there (the Server then uses its own name).</summary>
    private static string? Resolve(string value, IConfiguration settings)
    {
        if (value.Length > 2 && value[0] == '%' && value[^1] == '%')
        {
            var resolved = settings[value[1..^1]];
            return string.IsNullOrWhiteSpace(resolved) ? null : resolved;
        }

        return value;
    }

    private sealed class Reader(string path, JsonElement root)
    {
        public int Int(string section, string name)
        {
            var value = Value(section, name);
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
                ? n
                : throw Bad(section, name, "a whole number");
        }

        public bool Bool(string section, string name)
        {
            var value = Value(section, name);
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Bad(section, name, "true or false");
        }

        public TimeSpan Time(string section, string name)
        {
            var value = Value(section, name);
            return value.ValueKind == JsonValueKind.String && TimeSpan.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var t) && t >= TimeSpan.Zero
                ? t
                : throw Bad(section, name, "a time span such as \"00:00:30\"");
        }

        public string String(string section, string name)
        {
            var value = Value(section, name);
            return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!
                : throw Bad(section, name, "a name");
        }

        private JsonElement Value(string section, string name)
        {
            var element = root;
            foreach (var part in section.Split('.').Append(name))
            {
                if (element.ValueKind != JsonValueKind.Object || !TryGetIgnoringCase(element, part, out element))
                {
                    throw new HostJsonException($"{path} has no {section}.{name}: the Server runs with host.json's value, so the file must state it " +
                        "(the Functions host's default would otherwise differ from whatever the Server assumed).");
                }
            }

            return element;
        }

        private HostJsonException Bad(string section, string name, string expected) =>
            new($"{path}: {section}.{name} must be {expected}.");

        // The Functions host reads host.json through IConfiguration, where keys are case-insensitive.
        private static bool TryGetIgnoringCase(JsonElement element, string name, out JsonElement value)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }
    }
}

/// <summary>host.json's <c>extensions.queues</c>: how the queue trigger receives, retries and gives up.</summary>
public sealed record HostJsonQueues(int BatchSize, int NewBatchThreshold, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval);

/// <summary>host.json's <c>extensions.durableTask</c> (Azure Storage provider); <see cref="HubName"/> is null when its <c>%SETTING%</c> is not set.</summary>
public sealed record HostJsonDurable(
    string? HubName,
    int PartitionCount,
    TimeSpan MaxQueuePollingInterval,
    int ControlQueueBatchSize,
    int ControlQueueBufferThreshold,
    int MaxConcurrentOrchestrations,
    int MaxConcurrentActivities,
    bool ExtendedSessions);

/// <summary>host.json is missing, unreadable, or leaves out a setting the Server runs with.</summary>
public sealed class HostJsonException(string message) : Exception(message);
