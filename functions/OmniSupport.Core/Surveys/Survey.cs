namespace OmniSupport.Core.Surveys;

/// <summary>A satisfaction survey sent after a conversation was resolved, and the customer's answer.</summary>
public sealed class Survey
{
    public required string ConversationId { get; init; }
    public required string CustomerId { get; init; }
    public required string Channel { get; init; }
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>1 (poor) to 5 (great).</summary>
    public int? Csat { get; set; }

    /// <summary>Whether the customer had to repeat information they had already given.</summary>
    public bool? RepeatedInformation { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

public sealed record SurveyCounts(
    int Sent,
    int Answered,
    IReadOnlyDictionary<int, int> Csat,
    double? AverageCsat,
    int RepeatedInformationYes,
    int RepeatedInformationNo);

public interface ISurveyStore
{
    /// <summary>Records a sent survey and makes it the customer's pending one (idempotent per conversation).</summary>
    Task RecordSentAsync(Survey survey, CancellationToken ct);

    /// <summary>The customer's latest unanswered survey, if any.</summary>
    Task<Survey?> GetPendingAsync(string customerId, CancellationToken ct);

    /// <summary>Stores the answer and clears the pending pointer.</summary>
    Task SaveAnswerAsync(Survey survey, CancellationToken ct);

    Task<IReadOnlyList<Survey>> ListAsync(CancellationToken ct);
}
