namespace OmniSupport.TestUtilities;

/// <summary>Waits for something the queue workers do in the background. A deadline, not a timing assert.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? because = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Condition not met in time{(because is null ? "" : ": " + because)}. Last value: {last}");
    }

    public static Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? because = null)
        where T : class => GetAsync(probe, _ => true, timeout, because);
}
