namespace OmniSupport.Server.Durable;

/// <summary>
/// Which of the Server's task hubs runs an orchestration: a stable hash of the instance id (FNV-1a over its
/// UTF-16 code units), so every signal for a conversation reaches the hub that started it, in every process
/// and after every restart, as long as <see cref="DurableOptions.TaskHubCount"/> stays the same.
/// </summary>
public static class TaskHubShards
{
    public static int IndexOf(string instanceId, int hubCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hubCount, 1);
        var hash = 2166136261u;
        foreach (var c in instanceId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)hubCount);
    }

    /// <summary>Task hub k's name: the configured name for the first, the name and k after it for the others.</summary>
    public static string Name(string baseName, int index) => index == 0 ? baseName : baseName + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
