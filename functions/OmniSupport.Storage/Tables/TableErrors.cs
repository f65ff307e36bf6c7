using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;

namespace OmniSupport.Storage.Tables;

internal static class TableErrors
{
    public static bool IsConflict(this RequestFailedException ex) => ex.Status == 409;

    public static bool IsNotFound(this RequestFailedException ex) => ex.Status == 404;

    /// <summary>
    /// Deletes the row whatever its version; true when there was one. The SDK answers a delete of a missing row with
    /// its 404 response rather than an exception, so an unconditional delete cannot tell by catching.
    /// </summary>
    public static async Task<bool> DeleteIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken ct)
    {
        try
        {
            var response = await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, ct);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.IsNotFound())
        {
            return false;
        }
    }

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
