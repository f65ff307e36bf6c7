using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OmniSupport.IntegrationTests;

/// <summary>One request to storage as it left the hub: its method, the table or queue it named, and what of it.</summary>
public sealed record StorageRequest(string Method, string Resource, string Target)
{
    public override string ToString() => $"{Method} {Resource}{Target}";
}

/// <summary>
/// A pipeline policy on every storage client of the hub: records each request as it leaves (a retry is
/// one more, as Azure bills it). Resource is the table or queue, or <c>$batch</c> for an entity-group
/// transaction; Target is what follows it: a row's keys, <c>()</c> for a query, <c>/messages</c>.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<StorageRequest> _requests = new();

    public IReadOnlyList<StorageRequest> Requests => [.. _requests];

    public void Clear() => _requests.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        // Azurite's URLs are path-style: /{account}/{table or queue}[(keys) | /messages[/id]].
        var path = Uri.UnescapeDataString(message.Request.Uri.Path).Trim('/');
        var afterAccount = path.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? path[(slash + 1)..] : "";
        var end = afterAccount.IndexOfAny(['(', '/']);
        var resource = end < 0 ? afterAccount : afterAccount[..end];
        var target = end < 0 ? "" : afterAccount[end..];
        _requests.Enqueue(new StorageRequest(message.Request.Method.ToString(), resource, target));
    }
}
