using OmniSupport.Core.Knowledge;

namespace OmniSupport.Core.Tests;

public sealed class ArticleRendererTests
{
    private static KnowledgeArticle Article(string markdown) => new()
    {
        Id = "kb-reset",
        Title = "Reset your password",
        Markdown = markdown,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Theory]
    [InlineData("email")]
    [InlineData("chat")]
    [InlineData("sms")]
    [InlineData("voice")]
    public void An_article_that_starts_with_its_own_title_heading_shows_the_title_once_in_every_rendering(string channel)
    {
        var article = Article("# Reset your password\n\nOpen **Settings** and choose *Reset*.");

        var rendered = ArticleRenderer.Render(article, channel, null, "https://kb.example.com/kb-reset", 3);

        Assert.Equal(1, Count(rendered.Content, "Reset your password"));
        Assert.Contains("Settings", rendered.Content);
    }

    [Fact]
    public void A_first_heading_that_differs_from_the_title_is_kept()
    {
        var article = Article("# Before you start\n\nHave your phone ready.");

        var rendered = ArticleRenderer.Render(article, "chat", null, "https://kb.example.com/kb-reset", 3);

        Assert.Contains("Before you start", rendered.Content);
        Assert.Equal(1, Count(rendered.Content, "Reset your password"));
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }
}
