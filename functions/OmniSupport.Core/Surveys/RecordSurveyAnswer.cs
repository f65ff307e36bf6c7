using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Ingest;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Surveys;

/// <summary>
/// Claims a customer message that answers their pending survey ("5 N"): the answer is stored and put on
/// the timeline, and the message does not open a new conversation. Anything else is left to threading.
/// </summary>
public sealed class RecordSurveyAnswer(ISurveyStore surveys, ITimelineStore timeline, OmniSupport.Core.Analytics.RecordJourneySurvey journey, ILogger<RecordSurveyAnswer> log) : IInboundMessageClaim
{
    /// <summary>How long after sending a survey a reply still counts as its answer.</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromDays(7);

    public async Task<bool> ClaimAsync(Customer customer, InboundMessage message, CancellationToken ct)
    {
        if (!SurveyText.TryParse(message.Text, out var csat, out var repeated))
        {
            return false;
        }

        var survey = await surveys.GetPendingAsync(customer.Id, ct);
        if (survey is null || survey.AnsweredAt is not null || message.SentAt < survey.SentAt || message.SentAt > survey.SentAt + AnswerWindow)
        {
            return false;
        }

        survey.Csat = csat;
        survey.RepeatedInformation = repeated;
        survey.AnsweredAt = message.SentAt;
        var eventId = StableId.From("evt", message.Source, message.ProviderMessageId);
        var metadata = new Dictionary<string, string>
        {
            ["kind"] = "survey-answer",
            ["csat"] = csat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["repeatedInformation"] = repeated switch { true => "yes", false => "no", null => "unanswered" },
        };
        (await journey.RecordAsync(survey, eventId, message.Channel, ct))?.WriteTo(metadata);
        await timeline.AppendAsync(ReceivedEvent.Of(message, eventId, customer.Id, survey.ConversationId, metadata), ct);
        await surveys.SaveAnswerAsync(survey, ct);
        log.LogInformation("Survey answer for {ConversationId} recorded (CSAT {Csat})", survey.ConversationId, csat);
        return true;
    }
}

public sealed class GetSurveyCounts(ISurveyStore surveys)
{
    public async Task<SurveyCounts> GetAsync(CancellationToken ct)
    {
        var all = await surveys.ListAsync(ct);
        var answered = all.Where(s => s.Csat is not null).ToList();
        var csat = Enumerable.Range(1, 5).ToDictionary(i => i, i => answered.Count(s => s.Csat == i));
        return new SurveyCounts(
            all.Count,
            answered.Count,
            csat,
            answered.Count == 0 ? null : Math.Round(answered.Average(s => s.Csat!.Value), 2),
            answered.Count(s => s.RepeatedInformation == true),
            answered.Count(s => s.RepeatedInformation == false));
    }
}
