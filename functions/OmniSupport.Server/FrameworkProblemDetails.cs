using Microsoft.AspNetCore.Http;
using OmniSupport.Api;

namespace OmniSupport.Server;

/// <summary>
/// Routing's own answers (no endpoint at the path: 404; the path exists but not for the method: 405) reach the
/// caller through status-code pages with a title and no detail. This fills in what was wrong, as every other
/// error of the hub says it: the method and path asked for, the methods the path takes, where the routes are listed.
/// An answer that already has a detail (from an endpoint or the exception handler) is left as it is.
/// </summary>
public static class FrameworkProblemDetails
{
    public static void Fill(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ProblemDetails.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        var target = $"{request.Method} {request.Path}";
        context.ProblemDetails.Detail = context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => $"No endpoint answers {target}. Every route of the API is listed in /{Routes.Prefix}/{Routes.OpenApi}.",
            StatusCodes.Status405MethodNotAllowed => context.HttpContext.Response.Headers.Allow is { Count: > 0 } allow
                ? $"{request.Path} does not take {request.Method}; it takes {string.Join(", ", allow.ToArray())}."
                : $"{request.Path} does not take {request.Method}.",
            _ => null,
        };
    }
}
