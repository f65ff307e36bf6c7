using Azure;
using OmniSupport.Core.Abstractions;

namespace OmniSupport.Storage.Tables;

internal static class TableErrors
{
    public static bool IsConflict(this RequestFailedException ex) => ex.Status == 409;

    public static bool IsNotFound(this RequestFailedException ex) => ex.Status == 404;

    public static async Task ReplaceAsync(Func<Task> update, string what)
    {
        try
        {
            await update();
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"{what} changed since it was read.");
        }
    }
}
