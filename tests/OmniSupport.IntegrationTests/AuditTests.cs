using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class AuditTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<List<System.Text.Json.JsonElement>> AuditOfAsync(string customerId)
    {
        var response = await _hub.Api().GetAsync($"/api/audit?customerId={customerId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("entries").EnumerateArray().ToList();
    }

    [Fact]
    public async Task Each_api_call_on_a_customer_leaves_exactly_one_audit_entry_with_key_action_and_request_id()
    {
        var customer = await _hub.CustomerWithMessageAsync("aud-1", "audited@example.com");
        var before = (await AuditOfAsync(customer.Id)).Count; // the helper's own lookups

        var reader = _hub.Api(HubFactory.ReadKey);
        var writer = _hub.Api(HubFactory.WriteKey);
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/customers/{customer.Id}");
        get.Headers.Add("X-Request-Id", "req-audit-1");
        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(get)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/customers/{customer.Id}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await writer.PatchJsonAsync($"/api/customers/{customer.Id}/attributes", new { tier = "gold" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsJsonAsync($"/api/customers/{customer.Id}/identities", new { kind = "x", value = "5550001" })).StatusCode);

        var entries = (await AuditOfAsync(customer.Id)).Take(4).ToList();
        var all = await AuditOfAsync(customer.Id);

        Assert.Equal(before + 4, all.Count);
        var actions = entries.Select(e => e.GetProperty("entry").GetProperty("action").GetString()).ToList();
        Assert.Single(actions, a => a == "GET api/customers/{id}");
        Assert.Single(actions, a => a == "GET api/customers/{id}/timeline");
        Assert.Single(actions, a => a == "PATCH api/customers/{id}/attributes");
        Assert.Single(actions, a => a == "POST api/customers/{id}/identities");
        var read = entries.Single(e => e.GetProperty("entry").GetProperty("action").GetString() == "GET api/customers/{id}").GetProperty("entry");
        Assert.Equal("api-key:reader", read.GetProperty("actor").GetString());
        Assert.Equal("req-audit-1", read.GetProperty("requestId").GetString());
        Assert.Equal($"/api/customers/{customer.Id}", read.GetProperty("resource").GetString());
        Assert.Equal(200, read.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Concurrent_calls_chain_one_after_the_other_and_verify()
    {
        var customer = await _hub.CustomerWithMessageAsync("aud-2", "busy@example.com");
        var before = (await AuditOfAsync(customer.Id)).Count;

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _hub.Api(HubFactory.ReadKey).GetAsync($"/api/customers/{customer.Id}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var entries = await AuditOfAsync(customer.Id);
        Assert.Equal(before + 12, entries.Count);
        Assert.Equal(Enumerable.Range(1, before + 12).Select(i => (long)i), entries.Select(e => e.GetProperty("sequence").GetInt64()).Order());
        var verify = await _hub.Api().GetAsync("/api/audit/verify");
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.True((await verify.JsonAsync()).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Altering_an_audit_row_directly_in_storage_makes_verify_fail_at_that_entry()
    {
        var customer = await _hub.CustomerWithMessageAsync("aud-3", "tamper@example.com");
        await _hub.Api(HubFactory.ReadKey).GetAsync($"/api/customers/{customer.Id}");
        await _hub.Api(HubFactory.ReadKey).GetAsync($"/api/customers/{customer.Id}/timeline");
        Assert.Equal(HttpStatusCode.OK, (await _hub.Api().GetAsync("/api/audit/verify")).StatusCode);

        // Someone with storage access rewrites who read the record.
        var table = new TableClient(_hub.ConnectionString, _hub.Prefix + "Audit");
        var row = table.Query<TableEntity>(e => e.PartitionKey == "customer:" + customer.Id && e.RowKey != "~head").First();
        row["Entry"] = row.GetString("Entry").Replace("api-key:", "api-key:someone-else-", StringComparison.Ordinal);
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var verify = await _hub.Api().GetAsync("/api/audit/verify");
        var body = await verify.JsonAsync();

        Assert.Equal(HttpStatusCode.Conflict, verify.StatusCode);
        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.Equal("customer:" + customer.Id, body.GetProperty("firstBreak").GetProperty("partition").GetString());
        Assert.Contains("altered", body.GetProperty("firstBreak").GetProperty("reason").GetString());
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Conflict, (await _hub.Api().GetAsync($"/api/audit/verify?customerId={customer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _hub.Api().GetAsync($"/api/audit/verify?day={day}")).StatusCode); // the day's copy is intact
    }

    [Fact]
    public async Task Removing_an_audit_row_directly_in_storage_makes_verify_fail()
    {
        var customer = await _hub.CustomerWithMessageAsync("aud-4", "remove@example.com");
        await _hub.Api(HubFactory.ReadKey).GetAsync($"/api/customers/{customer.Id}");
        var table = new TableClient(_hub.ConnectionString, _hub.Prefix + "Audit");
        var newest = table.Query<TableEntity>(e => e.PartitionKey == "customer:" + customer.Id && e.RowKey != "~head").First();
        await table.DeleteEntityAsync(newest.PartitionKey, newest.RowKey);

        var verify = await _hub.Api().GetAsync("/api/audit/verify");

        Assert.Equal(HttpStatusCode.Conflict, verify.StatusCode);
    }

    [Fact]
    public async Task No_endpoint_alters_or_deletes_an_audit_entry()
    {
        var put = await _hub.Api().PutAsJsonAsync("/api/audit", new { });
        var delete = await _hub.Api().DeleteAsync("/api/audit?customerId=x");
        var document = await (await _hub.CreateClient().GetAsync("/api/openapi.json")).JsonAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        var auditMethods = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/audit", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(m => m.Name)).Distinct();
        Assert.Equal(["get"], auditMethods);
    }

    [Fact]
    public async Task A_day_exports_as_ndjson_in_chain_order_and_needs_admin()
    {
        var customer = await _hub.CustomerWithMessageAsync("aud-5", "export@example.com");
        await _hub.Api(HubFactory.ReadKey).GetAsync($"/api/customers/{customer.Id}");
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var forbidden = await _hub.Api(HubFactory.WriteKey).GetAsync($"/api/audit/export/{day}");
        var export = await _hub.Api().GetAsync($"/api/audit/export/{day}");
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var sequences = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Contains(lines, l => l.Contains(customer.Id, StringComparison.Ordinal));
    }
}
