using System.Text.RegularExpressions;
using OmniSupport.Core.Common;

namespace OmniSupport.Core.Knowledge;

public sealed record ArticleInput(string? Title, string? Markdown, Dictionary<string, string>? Variants, List<string>? Tags);

/// <summary>Creates, replaces and deletes articles, keeping the word index in step.</summary>
public sealed partial class ManageArticles(IKnowledgeBase kb, TimeProvider clock)
{
    public async Task<KnowledgeArticle> CreateAsync(string? id, ArticleInput input, string actor, CancellationToken ct)
    {
        Validate(input);
        var articleId = string.IsNullOrWhiteSpace(id) ? StableId.New("kb") : id;
        if (!IdPattern().IsMatch(articleId))
        {
            throw new DomainRuleException("An article id is 1-64 lower-case letters, digits or '-'.", 400);
        }

        var now = clock.GetUtcNow();
        var article = new KnowledgeArticle
        {
            Id = articleId,
            Title = input.Title!,
            Markdown = input.Markdown!,
            Variants = new Dictionary<string, string>(input.Variants ?? [], StringComparer.OrdinalIgnoreCase),
            Tags = input.Tags ?? [],
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        article.IndexedWords = Words(article).ToList();
        if (!await kb.CreateAsync(article, ct))
        {
            throw new DomainRuleException($"Article {articleId} exists already; PUT to replace it.");
        }

        await kb.IndexAsync(article.Id, article.IndexedWords, [], ct);
        return article;
    }

    public async Task<KnowledgeArticle> ReplaceAsync(string id, ArticleInput input, string actor, CancellationToken ct)
    {
        Validate(input);
        var article = await kb.GetAsync(id, ct) ?? throw new NotFoundException($"Article {id}");
        var oldWords = article.IndexedWords.ToHashSet(StringComparer.Ordinal);
        article.Title = input.Title!;
        article.Markdown = input.Markdown!;
        article.Variants = new Dictionary<string, string>(input.Variants ?? [], StringComparer.OrdinalIgnoreCase);
        article.Tags = input.Tags ?? [];
        article.UpdatedAt = clock.GetUtcNow();
        article.UpdatedBy = actor;
        var newWords = Words(article).ToHashSet(StringComparer.Ordinal);
        article.IndexedWords = newWords.ToList();
        await kb.IndexAsync(id, newWords.Except(oldWords).ToList(), [], ct);
        await kb.ReplaceAsync(article, ct);
        await kb.IndexAsync(id, [], oldWords.Except(newWords).ToList(), ct);
        return article;
    }

    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        var article = await kb.GetAsync(id, ct) ?? throw new NotFoundException($"Article {id}");
        await kb.IndexAsync(id, [], article.IndexedWords, ct);
        await kb.DeleteAsync(id, ct);
    }

    private static void Validate(ArticleInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || string.IsNullOrWhiteSpace(input.Markdown))
        {
            throw new DomainRuleException("An article needs a title and a markdown body.", 400);
        }

        if (input.Markdown.Length + (input.Variants?.Values.Sum(v => v.Length) ?? 0) > 200_000)
        {
            throw new DomainRuleException("An article with its variants is at most 200,000 characters.", 400);
        }
    }

    public static IEnumerable<string> Words(KnowledgeArticle article) =>
        Tokenize(string.Join(' ', new[] { article.Title, ArticleRenderer.PlainText(article.Markdown) }
            .Concat(article.Variants.Values.Select(ArticleRenderer.PlainText)).Concat(article.Tags)));

    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in", "is", "it", "my", "of", "on", "or", "the", "to", "with", "you", "your",
    };

    public static IEnumerable<string> Tokenize(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value)
            .Where(w => w.Length is > 1 and <= 40 && !Stop.Contains(w)).Distinct();

    [GeneratedRegex("[\\p{L}\\p{Nd}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$|^kb_[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}

/// <summary><c>GET /api/kb/search?q=</c>: articles ranked by how many of the query's words they hold.</summary>
public sealed class SearchArticles(IKnowledgeBase kb)
{
    public async Task<IReadOnlyList<ArticleHit>> SearchAsync(string? query, CancellationToken ct)
    {
        var words = ManageArticles.Tokenize(query ?? "").Take(10).ToList();
        if (words.Count == 0)
        {
            throw new DomainRuleException("Give q with at least one word.", 400);
        }

        var hits = await kb.LookupAsync(words, ct);
        var scores = hits.SelectMany(h => h.Value).GroupBy(id => id).Select(g => (Id: g.Key, Score: g.Count()))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id, StringComparer.Ordinal).Take(20).ToList();
        var result = new List<ArticleHit>();
        foreach (var (id, score) in scores)
        {
            if (await kb.GetAsync(id, ct) is { } article)
            {
                result.Add(new ArticleHit(id, article.Title, score));
            }
        }

        return result;
    }
}
