using OmniSupport.Core.Surveys;

namespace OmniSupport.Orchestrations.Tests;

public class SurveyTextTests
{
    [Theory]
    [InlineData("5 N", 5, false)]
    [InlineData("4, yes", 4, true)]
    [InlineData("3/5 y", 3, true)]
    [InlineData(" 1 - no", 1, false)]
    [InlineData("2", 2, null)]
    public void Survey_answers_are_recognised(string text, int csat, bool? repeated)
    {
        Assert.True(SurveyText.TryParse(text, out var score, out var again));
        Assert.Equal((csat, repeated), (score, again));
    }

    [Theory]
    [InlineData("My order 12345 has not arrived")]
    [InlineData("6 y")]
    [InlineData("hello")]
    [InlineData("2 items arrived broken")]
    [InlineData("")]
    public void Ordinary_messages_are_not_survey_answers(string text)
    {
        Assert.False(SurveyText.TryParse(text, out _, out _));
    }
}
