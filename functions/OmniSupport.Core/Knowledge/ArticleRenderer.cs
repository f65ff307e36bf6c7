using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace OmniSupport.Core.Knowledge;

public static class KnowledgeChannels
{
    public const string Email = "email";
    public const string Chat = "chat";
    public const string Sms = "sms";
    public const string Voice = "voice";

    public static readonly IReadOnlyList<string> All = [Email, Chat, Sms, Voice];
}

public sealed record RenderedArticle(string Id, string Title, string Channel, string? Tier, string ContentType, string Content, SmsLength? Sms);

/// <summary>
/// One Markdown source rendered per channel at request time: email HTML (Markdig), chat light
/// Markdown (bold, italics, links, bullets), SMS plain text within a segment budget with a link to
/// the full article, voice a plain script (no URLs, steps spoken as steps).
/// </summary>
public static class ArticleRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    private enum Mode
    {
        Chat,
        Plain,
        Voice,
    }

    public static RenderedArticle Render(KnowledgeArticle article, string channel, string? tier, string fullArticleUrl, int smsMaxSegments)
    {
        var body = WithoutOwnTitle(article.BodyFor(tier), article.Title);
        var usedTier = tier is not null && article.Variants.ContainsKey(tier) ? tier : null;
        switch (channel)
        {
            case KnowledgeChannels.Email:
                var html = $"<h1>{System.Net.WebUtility.HtmlEncode(article.Title)}</h1>\n" + Markdown.ToHtml(body, Pipeline);
                return new RenderedArticle(article.Id, article.Title, channel, usedTier, "text/html", html, null);
            case KnowledgeChannels.Chat:
                return new RenderedArticle(article.Id, article.Title, channel, usedTier, "text/markdown", $"**{article.Title}**\n\n" + Walk(body, Mode.Chat), null);
            case KnowledgeChannels.Sms:
                var plain = article.Title + "\n" + Walk(body, Mode.Plain);
                var text = SmsSegments.Fit(Squeeze(plain), smsMaxSegments, "... More: " + fullArticleUrl);
                return new RenderedArticle(article.Id, article.Title, channel, usedTier, "text/plain", text, SmsSegments.Measure(text));
            case KnowledgeChannels.Voice:
                return new RenderedArticle(article.Id, article.Title, channel, usedTier, "text/plain", article.Title + ".\n" + Walk(body, Mode.Voice), null);
            default:
                throw new Common.DomainRuleException($"Unknown channel '{channel}'. Use one of {string.Join(", ", KnowledgeChannels.All)}.", 400);
        }
    }

    /// <summary>
    /// The body without a leading <c># Title</c> that repeats the article's title: every rendering
    /// already starts with the title, so an author's own heading would show it twice.
    /// </summary>
    public static string WithoutOwnTitle(string markdown, string title)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        if (document.FirstOrDefault() is HeadingBlock { Level: 1 } heading
            && string.Equals(Normalize(InlineText(heading.Inline)), Normalize(title), StringComparison.OrdinalIgnoreCase))
        {
            return markdown[Math.Min(markdown.Length, heading.Span.End + 1)..].TrimStart('\r', '\n');
        }

        return markdown;

        static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string InlineText(ContainerInline? inline)
    {
        var sb = new StringBuilder();
        foreach (var item in inline?.Descendants<LiteralInline>() ?? [])
        {
            sb.Append(item.Content.ToString());
        }

        return sb.ToString();
    }

    /// <summary>Plain text of the whole article, for the word index.</summary>
    public static string PlainText(string markdown) => Walk(markdown, Mode.Plain);

    private static string Squeeze(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static string Walk(string markdown, Mode mode)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var sb = new StringBuilder();
        foreach (var block in document)
        {
            Block(sb, block, mode, 0);
        }

        return sb.ToString().Trim();
    }

    private static void Block(StringBuilder sb, Block block, Mode mode, int depth)
    {
        switch (block)
        {
            case HeadingBlock heading:
                var title = Inlines(heading.Inline, mode);
                sb.Append(mode switch { Mode.Chat => $"**{title}**", Mode.Voice => title.TrimEnd('.') + ".", _ => title.ToUpperInvariant() }).Append("\n\n");
                break;
            case ParagraphBlock paragraph:
                sb.Append(Inlines(paragraph.Inline, mode)).Append("\n\n");
                break;
            case ListBlock list:
                var n = 0;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    n++;
                    var inner = new StringBuilder();
                    foreach (var child in item)
                    {
                        Block(inner, child, mode, depth + 1);
                    }

                    var text = inner.ToString().Trim().Replace("\n\n", " ", StringComparison.Ordinal);
                    var indent = new string(' ', depth * 2);
                    if (mode == Mode.Voice)
                    {
                        sb.Append(list.IsOrdered ? $"Step {n}: " : "").Append(text.TrimEnd('.')).Append(".\n");
                    }
                    else
                    {
                        sb.Append(indent).Append(list.IsOrdered ? $"{n}. " : mode == Mode.Chat ? "• " : "- ").Append(text).Append('\n');
                    }
                }

                sb.Append('\n');
                break;
            case FencedCodeBlock or CodeBlock:
                var code = string.Join('\n', ((LeafBlock)block).Lines.Lines.Take(((LeafBlock)block).Lines.Count).Select(l => l.ToString()));
                sb.Append(mode == Mode.Chat ? $"```\n{code}\n```" : code).Append("\n\n");
                break;
            case QuoteBlock quote:
                foreach (var child in quote)
                {
                    var inner = new StringBuilder();
                    Block(inner, child, mode, depth);
                    sb.Append(mode == Mode.Chat ? "> " : "").Append(inner.ToString().Trim()).Append("\n\n");
                }

                break;
            case ThematicBreakBlock:
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Block(sb, child, mode, depth);
                }

                break;
            case LeafBlock leaf when leaf.Inline is not null:
                sb.Append(Inlines(leaf.Inline, mode)).Append("\n\n");
                break;
        }
    }

    private static string Inlines(ContainerInline? container, Mode mode)
    {
        if (container is null)
        {
            return "";
        }

        var sb = new StringBuilder();
        foreach (var inline in container)
        {
            Inline(sb, inline, mode);
        }

        return sb.ToString();
    }

    private static void Inline(StringBuilder sb, Inline inline, Mode mode)
    {
        switch (inline)
        {
            case LiteralInline literal:
                sb.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                sb.Append(mode == Mode.Chat ? $"`{code.Content}`" : code.Content);
                break;
            case LineBreakInline:
                sb.Append(mode == Mode.Plain ? '\n' : ' ');
                break;
            case AutolinkInline auto:
                sb.Append(mode == Mode.Voice ? "the link in our message" : auto.Url);
                break;
            case LinkInline link:
                var text = Inlines(link, mode);
                if (link.IsImage)
                {
                    sb.Append(mode == Mode.Chat ? $"[{text}]({link.Url})" : text);
                }
                else
                {
                    sb.Append(mode switch
                    {
                        Mode.Chat => $"[{text}]({link.Url})",
                        Mode.Plain => string.IsNullOrEmpty(link.Url) ? text : $"{text} ({link.Url})",
                        _ => text,
                    });
                }

                break;
            case EmphasisInline emphasis:
                var inner = Inlines(emphasis, mode);
                if (mode == Mode.Chat)
                {
                    var marker = emphasis.DelimiterChar == '~' ? "~" : emphasis.DelimiterCount >= 2 ? "*" : "_";
                    sb.Append(marker).Append(inner).Append(marker);
                }
                else
                {
                    sb.Append(inner);
                }

                break;
            case HtmlEntityInline entity:
                sb.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline:
                break;
            case ContainerInline container:
                sb.Append(Inlines(container, mode));
                break;
        }
    }
}
