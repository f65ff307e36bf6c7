using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using OmniSupport.ApiClient;
using OmniSupport.ApiClient.Models;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// A helpdesk's view of the contract: the C# client Kiota generated from the document the Server serves
/// (see the project file), used against the Server on Azurite with its typed models only.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiClientTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private HubClient Client(string key)
    {
        // https: Kiota's key provider sends a key over nothing else (the in-memory test server takes either).
        var http = _hub.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var auth = new ApiKeyAuthenticationProvider(key, "X-Api-Key", ApiKeyAuthenticationProvider.KeyLocation.Header);
        return new HubClient(new HttpClientRequestAdapter(auth, httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') });
    }

    [Fact]
    public async Task The_generated_client_finds_a_customer_reads_the_timeline_replies_resolves_and_reads_the_survey_report_with_typed_models()
    {
        var email = $"kiota-{Guid.NewGuid():N}@example.com";
        var messageId = "kiota-" + Guid.NewGuid().ToString("N");
        await _hub.CustomerWithMessageAsync(messageId, email, text: "My kettle leaks");
        var client = Client(HubFactory.WriteKey);

        Customer? customer = await client.Api.Customers.GetAsync(r => r.QueryParameters.Email = email);
        Assert.NotNull(customer?.Id);
        Assert.Contains(customer.Identities!, i => i.Kind == "email" && i.Value == email);

        TimelinePage? page = await client.Api.Customers[customer.Id].Timeline.GetAsync(r => r.QueryParameters.PageSize = 10);
        TimelineEvent inbound = Assert.Single(page!.Events!, e => e.ProviderMessageId == messageId);
        Assert.Equal("My kettle leaks", inbound.Text);
        Assert.Equal("inbound", inbound.Direction);
        var conversationId = inbound.ConversationId!;

        ReplyAccepted? reply = await client.Api.Conversations[conversationId].Replies.PostAsync(new ReplyBody { Text = "A new kettle ships today.", Agent = "maria" });
        Assert.Equal(conversationId, reply!.ConversationId);
        Assert.Equal(customer.Id, reply.CustomerId);
        Assert.Equal("email", reply.Channel);

        Conversation? resolved = await client.Api.Conversations[conversationId].Resolve.PostAsync(new ResolveRequest { Code = "replacement-sent", Recollected = false });
        Assert.Equal("resolved", resolved!.Status);

        SurveyCounts? surveys = await client.Api.Reports.Surveys.GetAsync();
        Assert.NotNull(surveys);
        Assert.True(surveys.Sent >= 0 && surveys.Answered <= surveys.Sent);
    }

    [Fact]
    public async Task The_generated_client_raises_the_problem_details_of_an_error_as_a_typed_exception()
    {
        var client = Client(HubFactory.ReadKey);

        var notFound = await Assert.ThrowsAsync<Problem>(() => client.Api.Customers["cus_missing"].GetAsync());
        var tooLow = await Assert.ThrowsAsync<Problem>(() => client.Api.Admin.Keys.GetAsync());

        Assert.Equal(404, notFound.Status);
        Assert.Equal(403, tooLow.Status);
        Assert.Contains("admin", tooLow.Detail, StringComparison.Ordinal);
    }
}
