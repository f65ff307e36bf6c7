namespace OmniSupport.Core.Knowledge;

/// <summary>One article, one Markdown source; a tier may have its own variant of the body.</summary>
public sealed class KnowledgeArticle
{
    public required string Id { get; init; }
    public required string Title { get; set; }
    public required string Markdown { get; set; }

    /// <summary>Tier → Markdown body used instead of <see cref="Markdown"/> for customers of that tier.</summary>
    public Dictionary<string, string> Variants { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Tags { get; set; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    /// <summary>The words the search index holds for this article (so an update can remove the old ones).</summary>
    public List<string> IndexedWords { get; set; } = [];

    public string BodyFor(string? tier) =>
        tier is not null && Variants.TryGetValue(tier, out var variant) ? variant : Markdown;
}

public sealed record ArticleHit(string Id, string Title, int Score);

public interface IKnowledgeBase
{
    Task<KnowledgeArticle?> GetAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<KnowledgeArticle>> ListAsync(CancellationToken ct);

    /// <summary>Inserts (false when the id exists).</summary>
    Task<bool> CreateAsync(KnowledgeArticle article, CancellationToken ct);

    Task ReplaceAsync(KnowledgeArticle article, CancellationToken ct);

    Task<bool> DeleteAsync(string id, CancellationToken ct);

    /// <summary>Sets the article's rows in the word index: adds <paramref name="add"/>, removes <paramref name="remove"/>.</summary>
    Task IndexAsync(string id, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove, CancellationToken ct);

    /// <summary>Article ids per word.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> LookupAsync(IReadOnlyCollection<string> words, CancellationToken ct);
}

public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>Where the full article is read (the SMS form links here); <c>{id}</c> is replaced. Empty: the API's own URL under Api:PublicBaseUrl.</summary>
    public string? ArticleUrlTemplate { get; set; }

    /// <summary>How many SMS segments the SMS form may take before it is cut with a link.</summary>
    public int SmsMaxSegments { get; set; } = 3;
}
