namespace OmniSupport.Api.Catalog;

/// <summary>What each status the API answers with means (the document's response descriptions and the README's table).</summary>
public static class StatusMeanings
{
    public static readonly IReadOnlyDictionary<int, string> All = new SortedDictionary<int, string>
    {
        [200] = "OK: the answer is in the body",
        [201] = "Created: the record is in the body",
        [202] = "Accepted: queued, it happens shortly (a webhook taken in, a reply on its way, a poison message replayed)",
        [204] = "Done, nothing to return (deleted, revoked, signed out)",
        [400] = "The request is malformed: a missing or bad query value, an id the hub never issues, a body that is not the JSON asked for",
        [401] = "No API key, or an unknown or revoked one (webhooks: the provider's signature did not verify)",
        [403] = "The key's scope is below the operation's (webhooks: the provider refused the request)",
        [404] = "No such record (or, for a webhook, no such provider)",
        [405] = "The path does not take the method (webhooks: OPTIONS is only Event Grid's handshake on acs)",
        [406] = "None of the formats in Accept can be produced",
        [409] = "The request conflicts with the record's state (a rule of the domain, a concurrent change, an audit chain that does not verify)",
        [413] = "The body is over the limit (1 MiB for API calls, Api:MaxWebhookBodyBytes for webhooks)",
        [503] = "The hub's storage or audit log did not answer: retry later",
    };

    public static string Describe(int status, ApiOperation op) =>
        status == 403 && op.Scope is { } scope
            ? $"The key lacks the '{scope.ToString().ToLowerInvariant()}' scope"
            : All.TryGetValue(status, out var meaning) ? meaning : "Status " + status;
}
