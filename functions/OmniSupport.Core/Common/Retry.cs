using OmniSupport.Core.Abstractions;

namespace OmniSupport.Core.Common;

public static class Retry
{
    /// <summary>Runs a read-modify-write until it does not collide with another writer.</summary>
    public static async Task<T> OnConflictAsync<T>(Func<Task<T>> readModifyWrite, int attempts = 8)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await readModifyWrite();
            }
            catch (ConcurrencyConflictException) when (attempt < attempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt));
            }
        }
    }

    /// <summary>
    /// A read-modify-write whose first try starts from <paramref name="asRead"/>, the row as the caller has just read
    /// or written it (one read less), when there is one; every other try, and a first one without it, calls
    /// <paramref name="read"/>. A conflict is what makes the next try read again.
    /// </summary>
    public static Task<T> OnConflictAsync<TRow, T>(TRow? asRead, Func<Task<TRow>> read, Func<TRow, Task<T>> modifyWrite, int attempts = 8)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(modifyWrite);
        return OnConflictAsync(async () => await modifyWrite(Interlocked.Exchange(ref asRead, null) ?? await read()), attempts);
    }

    public static Task OnConflictAsync(Func<Task> readModifyWrite, int attempts = 8) =>
        OnConflictAsync(async () =>
        {
            await readModifyWrite();
            return true;
        }, attempts);
}
