using Azure;
using Azure.Data.Tables;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Knowledge;

namespace OmniSupport.Storage.Tables;

/// <summary>
/// Articles: PartitionKey <c>article</c>, RowKey the id. The word index: table KbIndex,
/// PartitionKey the word, RowKey the article id, so a search is one partition read per word.
/// </summary>
public sealed class TableKnowledgeBase(StorageClients clients) : IKnowledgeBase
{
    private const string Partition = "article";
    private readonly TableClient _articles = clients.Table(clients.Names.KbArticles);
    private readonly TableClient _index = clients.Table(clients.Names.KbIndex);

    public async Task<KnowledgeArticle?> GetAsync(string id, CancellationToken ct)
    {
        var row = await _articles.GetEntityIfExistsAsync<TableEntity>(Partition, KeyEscaper.Escape(id), cancellationToken: ct);
        return row.HasValue && row.Value is not null ? Json.Deserialize<KnowledgeArticle>(EntityJson.Read(row.Value)) : null;
    }

    public async Task<IReadOnlyList<KnowledgeArticle>> ListAsync(CancellationToken ct)
    {
        var list = new List<KnowledgeArticle>();
        await foreach (var row in _articles.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: ct))
        {
            list.Add(Json.Deserialize<KnowledgeArticle>(EntityJson.Read(row)));
        }

        return list;
    }

    public async Task<bool> CreateAsync(KnowledgeArticle article, CancellationToken ct)
    {
        try
        {
            await _articles.AddEntityAsync(Entity(article), ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    public Task ReplaceAsync(KnowledgeArticle article, CancellationToken ct) =>
        _articles.UpsertEntityAsync(Entity(article), TableUpdateMode.Replace, ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct) => _articles.DeleteIfExistsAsync(Partition, KeyEscaper.Escape(id), ct);

    public async Task IndexAsync(string id, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove, CancellationToken ct)
    {
        var rowKey = KeyEscaper.Escape(id);
        foreach (var chunk in add.Chunk(16))
        {
            await Task.WhenAll(chunk.Select(w => _index.UpsertEntityAsync(new TableEntity(KeyEscaper.Escape(w), rowKey), TableUpdateMode.Replace, ct)));
        }

        foreach (var chunk in remove.Chunk(16))
        {
            await Task.WhenAll(chunk.Select(w => _index.DeleteEntityAsync(KeyEscaper.Escape(w), rowKey, ETag.All, ct)));
        }
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> LookupAsync(IReadOnlyCollection<string> words, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var ids = new List<string>();
            var pk = KeyEscaper.Escape(word);
            await foreach (var row in _index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), select: ["RowKey"], cancellationToken: ct))
            {
                ids.Add(Uri.UnescapeDataString(row.RowKey));
            }

            result[word] = ids;
        }

        return result;
    }

    private static TableEntity Entity(KnowledgeArticle article)
    {
        var entity = new TableEntity(Partition, KeyEscaper.Escape(article.Id)) { ["Title"] = article.Title };
        EntityJson.Write(entity, Json.Serialize(article)); // long articles span Data, Data1…
        return entity;
    }
}
