using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Core.Routing;
using OmniSupport.TestUtilities;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// Salesforce stood in for by WireMock. Shapes per the Salesforce docs: the client credentials token
/// endpoint (POST /services/oauth2/token, form grant_type=client_credentials, answer with access_token
/// and instance_url; developer.salesforce.com "Connect to Connect REST API Using OAuth") and the Query
/// resource (GET /services/data/vXX.X/query?q=SOQL, answer totalSize/done/records with each record's
/// attributes and relationship fields nested; developer.salesforce.com api_rest resources_query).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RoutingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly WireMockServer _salesforce = WireMockServer.Start();
    private HubFactory _hub = null!;

    public Task InitializeAsync()
    {
        _hub = new HubFactory(azurite.ConnectionString);
        foreach (var (key, value) in SampleRules())
        {
            _hub.Settings[key] = value;
        }

        _hub.Settings["Crm:Salesforce:LoginUrl"] = _salesforce.Url;
        _hub.Settings["Crm:Salesforce:ClientId"] = "test-client";
        _hub.Settings["Crm:Salesforce:ClientSecret"] = "test-secret";
        _salesforce.Given(Request.Create().WithPath("/services/oauth2/token").UsingPost()
                .WithBody(new RegexMatcher("grant_type=client_credentials")))
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new
            {
                access_token = "00Dxx0000000001!AR8AQ.test",
                signature = "c2lnbmF0dXJl",
                token_format = "opaque",
                instance_url = _salesforce.Url,
                id = "https://login.salesforce.com/id/00Dxx0000000001/005xx000000001",
                token_type = "Bearer",
                issued_at = "1764115200000",
            }));
        Account("big@enterprise.example", "001xx00000BIG", "Enterprise Co", 60000);
        Account("small@smb.example", "001xx0000SMALL", "Small Shop", 5000);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _salesforce.Stop();
    }

    /// <summary>The seed case's rules, as an operator would put them in configuration.</summary>
    public static Dictionary<string, string?> SampleRules() => new()
    {
        ["Routing:Rules:0:Name"] = "enterprise-by-contract-value",
        ["Routing:Rules:0:ContractValueOver"] = "50000",
        ["Routing:Rules:0:SetTier"] = "enterprise",
        ["Routing:Rules:0:Queue"] = "enterprise-callback",
        ["Routing:Rules:0:Priority"] = "1",
        ["Routing:Rules:0:SlaPolicy"] = "enterprise",
        ["Routing:Rules:0:CallbackTask"] = "true",
        ["Routing:Rules:1:Name"] = "enterprise-tier",
        ["Routing:Rules:1:Tier"] = "enterprise",
        ["Routing:Rules:1:Queue"] = "enterprise-callback",
        ["Routing:Rules:1:Priority"] = "1",
        ["Routing:Rules:1:CallbackTask"] = "true",
        ["Routing:Rules:2:Name"] = "tier-1-deflection",
        ["Routing:Rules:2:Queue"] = "smb-bot",
        ["Routing:Rules:2:Priority"] = "3",
        ["Routing:Rules:2:SlaPolicy"] = "standard",
    };

    private void Account(string email, string accountId, string name, decimal contractValue) =>
        _salesforce.Given(Request.Create().WithPath("/services/data/v62.0/query").UsingGet()
                .WithHeader("Authorization", "Bearer 00Dxx0000000001!AR8AQ.test")
                .WithParam("q", new WildcardMatcher($"SELECT Account.Id, Account.Name, Account.Annual_Contract_Value__c FROM Contact WHERE Email = '{email}' LIMIT 1")))
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new
            {
                totalSize = 1,
                done = true,
                records = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["attributes"] = new { type = "Contact", url = "/services/data/v62.0/sobjects/Contact/003xx000001" },
                        ["Account"] = new Dictionary<string, object>
                        {
                            ["attributes"] = new { type = "Account", url = $"/services/data/v62.0/sobjects/Account/{accountId}" },
                            ["Id"] = accountId,
                            ["Name"] = name,
                            ["Annual_Contract_Value__c"] = contractValue,
                        },
                    },
                },
            }));

    private async Task<ConversationRouting> RoutedAsync(string customerId, string messageId)
    {
        var conversationId = await _hub.OpenConversationIdAsync(customerId, messageId);
        var conversation = await Helpdesk.EventuallyAsync(
            async () => await (await _hub.Api().GetAsync($"/api/conversations/{conversationId}")).Content.ReadFromJsonAsync<ConversationRouting>(),
            c => c.Queue is not null,
            "the conversation to be routed");
        return conversation;
    }

    private sealed record ConversationRouting(string Id, string? Queue, int Priority, string? SlaPolicy);

    [Fact]
    public async Task A_contact_of_an_account_worth_60000_lands_in_enterprise_callback_with_a_callback_task()
    {
        var customer = await _hub.CustomerWithMessageAsync("route-big", "big@enterprise.example");

        var conversation = await RoutedAsync(customer.Id, "route-big");
        var tasks = await _hub.Services.GetRequiredService<ICallbackTaskStore>().ListForConversationAsync(conversation.Id, CancellationToken.None);
        var profile = await (await _hub.Api().GetAsync($"/api/customers/{customer.Id}")).JsonAsync();

        Assert.Equal("enterprise-callback", conversation.Queue);
        Assert.Equal(1, conversation.Priority);
        Assert.Equal("enterprise", conversation.SlaPolicy);
        var task = Assert.Single(tasks);
        Assert.Equal("enterprise-callback", task.Queue);
        Assert.Equal("enterprise", profile.GetProperty("attributes").GetProperty("tier").GetString());
        Assert.Equal("001xx00000BIG", profile.GetProperty("attributes").GetProperty("crmAccountId").GetString());
    }

    [Fact]
    public async Task A_contact_of_an_account_worth_5000_lands_in_smb_bot_without_a_callback()
    {
        var customer = await _hub.CustomerWithMessageAsync("route-small", "small@smb.example");

        var conversation = await RoutedAsync(customer.Id, "route-small");
        var tasks = await _hub.Services.GetRequiredService<ICallbackTaskStore>().ListForConversationAsync(conversation.Id, CancellationToken.None);

        Assert.Equal("smb-bot", conversation.Queue);
        Assert.Equal(3, conversation.Priority);
        Assert.Empty(tasks);
    }

    [Fact]
    public async Task The_crm_token_and_lookups_are_cached()
    {
        await _hub.CustomerWithMessageAsync("route-c1", "big@enterprise.example");
        var customer = await _hub.CustomerByAsync("email", "big@enterprise.example");
        await RoutedAsync(customer.Id, "route-c1");
        await _hub.Api().PostAsJsonAsync($"/api/conversations/{await _hub.OpenConversationIdAsync(customer.Id, "route-c1")}/resolve", new { code = "resolved" });

        await _hub.PostAcceptedAsync(Scenario.Message("route-c2", "chat", "again", email: "big@enterprise.example"));
        await RoutedAsync(customer.Id, "route-c2");

        Assert.Single(_salesforce.LogEntries, e => e.RequestMessage.Path == "/services/oauth2/token");
        Assert.Single(_salesforce.LogEntries, e => e.RequestMessage.Path.StartsWith("/services/data/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attributes_set_through_the_api_route_the_next_conversation()
    {
        await _hub.PostAcceptedAsync(Scenario.Message("route-p1", "sms", "hi", phone: "+14155550177"));
        var customer = await _hub.CustomerByAsync("phone", "+14155550177");
        Assert.Equal("smb-bot", (await RoutedAsync(customer.Id, "route-p1")).Queue);
        await _hub.Api().PostAsJsonAsync($"/api/conversations/{await _hub.OpenConversationIdAsync(customer.Id, "route-p1")}/resolve", new { code = "resolved" });

        var patch = await _hub.Api(HubFactory.WriteKey).PatchJsonAsync($"/api/customers/{customer.Id}/attributes", new { tier = "enterprise" });
        await _hub.PostAcceptedAsync(Scenario.Message("route-p2", "sms", "hi again", phone: "+14155550177"));

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("enterprise-callback", (await RoutedAsync(customer.Id, "route-p2")).Queue);
    }

    [Fact]
    public void Rules_match_on_channel_and_bot_intent()
    {
        var rule = new RoutingRule { Queue = "billing", Channel = "chat,sms", Intent = "billing.*" };

        Assert.True(RoutingPolicy.Matches(rule, new RoutingFacts(new Dictionary<string, string>(), "chat", "billing.refund")));
        Assert.False(RoutingPolicy.Matches(rule, new RoutingFacts(new Dictionary<string, string>(), "email", "billing.refund")));
        Assert.False(RoutingPolicy.Matches(rule, new RoutingFacts(new Dictionary<string, string>(), "chat", "shipping.late")));
    }
}
