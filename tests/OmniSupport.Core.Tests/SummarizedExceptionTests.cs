using OmniSupport.Core.Common;

namespace OmniSupport.Core.Tests;

public sealed class SummarizedExceptionTests
{
    [Fact]
    public void A_logged_exception_keeps_its_type_stack_and_inner_exceptions_but_not_their_messages()
    {
        Exception thrown;
        try
        {
            try
            {
                throw new FormatException("'+1 415 555 0100' is not a phone number of ana@example.com");
            }
            catch (FormatException inner)
            {
                throw new InvalidOperationException("Could not thread the message from ana@example.com", inner);
            }
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        var summary = SummarizedException.Of(thrown);
        var logged = summary.ToString();

        Assert.Equal("System.InvalidOperationException", summary.OriginalType);
        Assert.Equal(thrown.StackTrace, summary.StackTrace);
        Assert.IsType<SummarizedException>(summary.InnerException);
        Assert.Contains("System.FormatException", logged, StringComparison.Ordinal);
        Assert.Contains(nameof(A_logged_exception_keeps_its_type_stack_and_inner_exceptions_but_not_their_messages), logged, StringComparison.Ordinal);
        Assert.DoesNotContain("ana@example.com", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("555", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_failure_is_summarized_by_its_status_and_error_kind()
    {
        var summary = SummarizedException.Of(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.example.com:443?to=+14155550100)", null, System.Net.HttpStatusCode.BadGateway));

        Assert.Equal("System.Net.Http.HttpRequestException (status 502, ConnectionError)", summary.Message);
    }
}
