using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OmniSupport.Api.Endpoints;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;

namespace OmniSupport.Api.Errors;

/// <summary>A problem-details answer: status, title and what was wrong.</summary>
public sealed record ApiProblem(int Status, string Title, string Detail)
{
    public IResult ToResult() => Problems.Create(Status, Title, Detail);
}

/// <summary>
/// The one mapping from what a use case throws to what the caller is told, for both hosts (the Server's
/// exception handler, the Functions app's worker middleware): 404 for a missing record, the rule's own
/// 4xx, 409 for a lost race, 400 for a value the store cannot hold, 503 when storage does not answer
/// (a fault of ours is never a 4xx). Anything else is a 500. Exceptions are logged summarized.
/// </summary>
public sealed class ProblemMapping(ILogger<ProblemMapping> log)
{
    public static ApiProblem Internal { get; } = new(500, "Internal error", "The hub failed on this request; it is logged. Retry later or report it.");

    /// <summary>The answer to an exception (no logging): the status the audit records.</summary>
    public static ApiProblem Map(Exception exception) => exception switch
    {
        NotFoundException ex => new ApiProblem(404, "Not found", ex.Message),
        DomainRuleException ex => new ApiProblem(ex.StatusCode, "Request refused", ex.Message),
        ConcurrencyConflictException ex => new ApiProblem(409, "Conflict", ex.Message),

        // The request itself could not be read (a body over a limit, broken framing).
        BadHttpRequestException ex => new ApiProblem(ex.StatusCode, "Request unreadable", "The request body could not be read: it is over a limit or its framing is broken."),

        // The store refused a value of the request (a key too long or of a form it cannot hold): the caller's input, not an outage.
        RequestFailedException { Status: 400 } => new ApiProblem(400, "Request refused", "A value in the request is of a length or form the hub cannot store."),
        RequestFailedException or HttpRequestException or TimeoutException or AggregateException =>
            new ApiProblem(503, "Storage unavailable", "The hub's storage did not answer; retry later."),
        _ => Internal,
    };

    /// <summary>Maps and logs: a refused value as a warning, an outage or a bug as an error with the exception summarized.</summary>
    public ApiProblem Handle(Exception exception, HttpRequest request)
    {
        var problem = Map(exception);
        switch (problem.Status)
        {
            case 400 when exception is RequestFailedException storage:
                log.LogWarning("Storage refused a value of the request ({ErrorCode})", storage.ErrorCode);
                break;
            case 503:
                log.LogError(SummarizedException.Of(exception), "Storage unavailable: {Error}", exception.GetType().Name);
                break;
            case 500:
                log.LogError(SummarizedException.Of(exception), "Unhandled {Error} on {Request}", exception.GetType().Name, RequestRedaction.Describe(request));
                break;
        }

        return problem;
    }
}
