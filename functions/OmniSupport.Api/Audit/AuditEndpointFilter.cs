using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Errors;
using OmniSupport.Api.Security;

namespace OmniSupport.Api.Audit;

/// <summary>
/// The Server's audit: after an endpoint of a known key ran, its entry with the status it answers (an
/// exception is recorded with the status the exception handler will give it, then rethrown to it).
/// </summary>
public sealed class AuditEndpointFilter(AuditTrail audit) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception ex) when (ApiCaller.Of(http) is { } caller)
        {
            await audit.RecordAsync(http, caller, ProblemMapping.Map(ex).Status);
            throw;
        }

        if (ApiCaller.Of(http) is not { } principal)
        {
            return result;
        }

        return await audit.RecordAsync(http, principal, AuditTrail.StatusOf(result as IResult)) ?? result;
    }
}
