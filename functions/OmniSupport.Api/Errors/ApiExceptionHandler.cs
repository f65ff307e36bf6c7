using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace OmniSupport.Api.Errors;

/// <summary>The Server's exception handler: every exception an endpoint throws answers as <see cref="ProblemMapping"/> says.</summary>
public sealed class ApiExceptionHandler(ProblemMapping problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false; // A stream already under way (server-sent events) cannot be answered again.
        }

        await problems.Handle(exception, httpContext.Request).ToResult().ExecuteAsync(httpContext);
        return true;
    }
}
