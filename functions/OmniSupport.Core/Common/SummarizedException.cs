namespace OmniSupport.Core.Common;

/// <summary>
/// An exception as it may be logged: its type, stack and inner exceptions are kept, its message is not
/// (messages of storage, HTTP and parsing errors quote the values they failed on: emails, phone numbers,
/// message text). Log <c>SummarizedException.Of(ex)</c> where a log would otherwise take <c>ex</c>.
/// </summary>
public sealed class SummarizedException : Exception
{
    private readonly string? _stackTrace;

    private SummarizedException(Exception original)
        : base(Describe(original), original.InnerException is null ? null : Of(original.InnerException))
    {
        _stackTrace = original.StackTrace;
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        HResult = original.HResult;
    }

    /// <summary>The full name of the exception this one stands for.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    public static SummarizedException Of(Exception exception) =>
        exception as SummarizedException ?? new SummarizedException(exception);

    public override string ToString() =>
        Message + (InnerException is null ? "" : " ---> " + InnerException) + Environment.NewLine + _stackTrace;

    private static string Describe(Exception exception)
    {
        var name = exception.GetType().FullName ?? exception.GetType().Name;
        // An HTTP status says what failed without quoting the request.
        return exception switch
        {
            HttpRequestException http => $"{name} (status {(http.StatusCode is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, {http.HttpRequestError})",
            _ => name + " (message withheld)",
        };
    }
}
