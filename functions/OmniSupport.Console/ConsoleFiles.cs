using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace OmniSupport.Console;

/// <summary>
/// Serves the console's files (embedded in this assembly) with the same headers from both hosts: the
/// Server maps <see cref="Route"/>, the Functions app has one HTTP trigger on <see cref="FunctionsRoute"/>.
/// Every answer carries a Content-Security-Policy that allows scripts, styles and connections to this
/// origin only (no inline script, no CDN).
/// </summary>
public static class ConsoleFiles
{
    public const string Prefix = "console";
    public const string Route = Prefix + "/{**path}";
    public const string FunctionsRoute = Prefix + "/{*path}";
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string ResourcePrefix = Prefix + "/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, ConsoleFile>> Files = new(Load);

    /// <summary>Paths of every file served (relative to <c>/console/</c>).</summary>
    public static IEnumerable<string> Paths => Files.Value.Keys;

    /// <summary>The file for <c>/console/{path}</c> (the sign-in page for an empty path), 304 when the browser has it, 404 otherwise.</summary>
    public static IResult Serve(HttpContext context, string? path)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";

        var requested = context.Request.Path.Value ?? "";
        if (string.IsNullOrEmpty(path) && !requested.EndsWith('/'))
        {
            // The pages link relatively: /console must become /console/ (or /api/console/ on Functions).
            return Results.Redirect(requested + "/");
        }

        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!Files.Value.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        response.Headers.ETag = file.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(file.Content, file.ContentType);
    }

    private static FrozenDictionary<string, ConsoleFile> Load()
    {
        var assembly = typeof(ConsoleFiles).Assembly;
        var files = new Dictionary<string, ConsoleFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var relative = resource[ResourcePrefix.Length..].Replace('\\', '/');
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(relative), "application/octet-stream");
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";
            files[relative] = new ConsoleFile(content, type, etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record ConsoleFile(byte[] Content, string ContentType, string ETag);
}
