using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Server;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class ApiKeyTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_created_read_key_reads_but_cannot_write_403()
    {
        var created = await _hub.Api().PostAsJsonAsync("/api/admin/keys", new { id = "desk-reader", scopes = "read" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.JsonAsync()).GetProperty("key").GetString()!;

        var read = await _hub.Api(key).GetAsync("/api/customers/cus_nobody");
        var write = await _hub.Api(key).PostAsJsonAsync("/api/kb/articles", new { title = "t", markdown = "m" });

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode); // authenticated, the customer just does not exist
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_hashed_listed_without_secrets_and_a_revoked_key_is_401()
    {
        var key = (await (await _hub.Api().PostAsJsonAsync("/api/admin/keys", new { id = "desk-writer", scopes = "read,write" })).JsonAsync()).GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await _hub.Api(key).GetAsync("/api/customers/cus_nobody")).StatusCode);

        var list = await (await _hub.Api().GetAsync("/api/admin/keys")).Content.ReadAsStringAsync();
        var table = new Azure.Data.Tables.TableClient(_hub.ConnectionString, _hub.Prefix + "ApiKeys");
        var stored = table.Query<Azure.Data.Tables.TableEntity>().Single(r => r.RowKey == "desk-writer").GetString("Data");
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.Contains(HubFactory.Hash(key), stored, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await _hub.Api().DeleteAsync("/api/admin/keys/desk-writer")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _hub.Api(key).GetAsync("/api/customers/cus_nobody")).StatusCode);
    }

    [Fact]
    public async Task Only_admin_keys_manage_keys_and_ids_are_unique()
    {
        var byWriter = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/admin/keys", new { id = "x1", scopes = "admin" });
        await _hub.Api().PostAsJsonAsync("/api/admin/keys", new { id = "twice", scopes = "read" });
        var again = await _hub.Api().PostAsJsonAsync("/api/admin/keys", new { id = "twice", scopes = "read" });
        var badScope = await _hub.Api().PostAsJsonAsync("/api/admin/keys", new { id = "bad", scopes = "root" });

        Assert.Equal(HttpStatusCode.Forbidden, byWriter.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
    }

    [Fact]
    public async Task The_server_keys_create_command_prints_a_key_that_works()
    {
        _ = _hub.Server; // start the host
        var output = new StringWriter();

        var exit = await KeysCommand.RunAsync(_hub.Services, ["keys", "create", "--id", "ops-cli", "--scopes", "read,write"], output);
        var key = output.ToString().Split('\n').Single(l => l.StartsWith("key: ", StringComparison.Ordinal))["key: ".Length..].Trim();
        _hub.Services.GetRequiredService<OmniSupport.Api.Security.ApiKeyAuthenticator>().Invalidate();

        Assert.Equal(0, exit);
        Assert.Equal(HttpStatusCode.NotFound, (await _hub.Api(key).GetAsync("/api/customers/cus_nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _hub.Api(key).GetAsync("/api/admin/keys")).StatusCode);
    }
}
