using Azure;

namespace OmniSupport.Storage.Tables;

/// <summary>The version a row carries after a write, so its writer can write it again without reading it.</summary>
internal static class WrittenVersion
{
    /// <summary>
    /// The version the write returned. Without one (the service always sends it) the version it had: stale, it fails
    /// the next write with a conflict, which reads again; null (a new row) means "not read" to the callers.
    /// </summary>
    public static string? Of(Response response, string? had) =>
        response.Headers.ETag is { } etag && etag != default ? etag.ToString() : had;
}
