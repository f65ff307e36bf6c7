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

    public static Task OnConflictAsync(Func<Task> readModifyWrite, int attempts = 8) =>
        OnConflictAsync(async () =>
        {
            await readModifyWrite();
            return true;
        }, attempts);
}
