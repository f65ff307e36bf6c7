using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OmniSupport.Api;
using OmniSupport.Api.Endpoints;
using OmniSupport.Core.Events;
using OmniSupport.Storage;

namespace OmniSupport.Functions.Triggers;

/// <summary>The helpdesk's side: conversations, customers' care, reports.</summary>
public sealed class HelpdeskFunctions(ConversationEndpoints conversations, CustomerCareEndpoints care, HandoffEndpoints handoffs, ReportEndpoints reports)
{
    [Function("PatchCustomerAttributes")]
    public Task<IResult> PatchAttributes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = Routes.CustomerAttributes)] HttpRequest request, string id, CancellationToken ct) =>
        care.PatchAttributesAsync(request, id, ct);

    [Function("MergeCustomers")]
    public Task<IResult> Merge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CustomersMerge)] HttpRequest request, CancellationToken ct) =>
        care.MergeAsync(request, ct);

    [Function("UnmergeCustomer")]
    public Task<IResult> Unmerge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CustomerUnmerge)] HttpRequest request, string id, CancellationToken ct) =>
        care.UnmergeAsync(request, id, ct);

    [Function("ResolveConversation")]
    public Task<IResult> Resolve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ConversationResolve)] HttpRequest request, string id, CancellationToken ct) =>
        conversations.ResolveAsync(request, id, ct);

    [Function("GetHandoffCard")]
    public Task<IResult> Card(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ConversationCard)] HttpRequest request, string id, CancellationToken ct) =>
        conversations.CardAsync(request, id, ct);

    [Function("CreateHandoff")]
    public Task<IResult> Handoff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Handoffs)] HttpRequest request, CancellationToken ct) =>
        handoffs.CreateAsync(request, ct);

    [Function("GetHandoffReport")]
    public Task<IResult> Report(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.HandoffReport)] HttpRequest request, CancellationToken ct) =>
        reports.HandoffsAsync(request, ct);
}

public sealed class KnowledgeFunctions(KnowledgeEndpoints kb)
{
    [Function("ListArticles")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.KbArticles)] HttpRequest request, CancellationToken ct) =>
        kb.ListAsync(request, ct);

    [Function("CreateArticle")]
    public Task<IResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.KbArticles)] HttpRequest request, CancellationToken ct) =>
        kb.CreateAsync(request, ct);

    [Function("GetArticle")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.KbArticle)] HttpRequest request, string id, CancellationToken ct) =>
        kb.GetAsync(request, id, ct);

    [Function("ReplaceArticle")]
    public Task<IResult> Replace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.KbArticle)] HttpRequest request, string id, CancellationToken ct) =>
        kb.ReplaceAsync(request, id, ct);

    [Function("DeleteArticle")]
    public Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.KbArticle)] HttpRequest request, string id, CancellationToken ct) =>
        kb.DeleteAsync(request, id, ct);

    [Function("SearchArticles")]
    public Task<IResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.KbSearch)] HttpRequest request, CancellationToken ct) =>
        kb.SearchAsync(request, ct);
}

public sealed class SubscriptionFunctions(SubscriptionEndpoints subscriptions, DeliverWebhook deliver)
{
    [Function("CreateSubscription")]
    public Task<IResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Subscriptions)] HttpRequest request, CancellationToken ct) =>
        subscriptions.CreateAsync(request, ct);

    [Function("ListSubscriptions")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Subscriptions)] HttpRequest request, CancellationToken ct) =>
        subscriptions.ListAsync(request, ct);

    [Function("DeleteSubscription")]
    public Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.Subscription)] HttpRequest request, string id, CancellationToken ct) =>
        subscriptions.DeleteAsync(request, id, ct);

    [Function("ListDeliveries")]
    public Task<IResult> Deliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SubscriptionDeliveries)] HttpRequest request, string id, CancellationToken ct) =>
        subscriptions.DeliveriesAsync(request, id, ct);

    [Function("DeliverWebhook")]
    public Task DeliverWebhook(
        [QueueTrigger(StorageNames.Bindings.WebhooksOutQueue, Connection = QueueFunctions.Connection)] string message,
        CancellationToken ct) => deliver.HandleAsync(message, ct);
}

public sealed class AuditFunctions(AuditEndpoints audit, KeyEndpoints keys, OpenApiEndpoints openApi)
{
    [Function("ListAudit")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Audit)] HttpRequest request, CancellationToken ct) =>
        audit.ListAsync(request, ct);

    [Function("VerifyAudit")]
    public Task<IResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AuditVerify)] HttpRequest request, CancellationToken ct) =>
        audit.VerifyAsync(request, ct);

    [Function("ExportAudit")]
    public Task<IResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AuditExport)] HttpRequest request, string day, CancellationToken ct) =>
        audit.ExportAsync(request, day, ct);

    [Function("ListApiKeys")]
    public Task<IResult> ListKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApiKeys)] HttpRequest request, CancellationToken ct) =>
        keys.ListAsync(request, ct);

    [Function("CreateApiKey")]
    public Task<IResult> CreateKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ApiKeys)] HttpRequest request, CancellationToken ct) =>
        keys.CreateAsync(request, ct);

    [Function("RevokeApiKey")]
    public Task<IResult> RevokeKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.ApiKey)] HttpRequest request, string id, CancellationToken ct) =>
        keys.RevokeAsync(request, id, ct);

    [Function("OpenApi")]
    public IResult Document(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApi)] HttpRequest request) => openApi.Document();

    [Function("ApiDocs")]
    public IResult Docs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Docs)] HttpRequest request) => openApi.Docs();
}
