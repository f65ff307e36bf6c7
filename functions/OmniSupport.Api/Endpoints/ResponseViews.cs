using OmniSupport.Core.Audit;

namespace OmniSupport.Api.Endpoints;

// The answers the API shapes itself (the others are the domain's records as they are). Named, so the
// OpenAPI document can give each one a schema and a generated client a model.

/// <summary><c>GET /api/health</c>.</summary>
public sealed record HealthReport(string Status, string Storage);

/// <summary>A webhook taken in: the envelope id and how many messages it held.</summary>
public sealed record WebhookReceipt(string? Id, int Messages);

/// <summary>A conversation's SLA targets: first and next response, and the one the due time measures.</summary>
public sealed record SlaTargetsView(TimeSpan? FirstResponse, TimeSpan? NextResponse, string Current);

/// <summary><c>GET /api/conversations/{id}/sla</c>.</summary>
public sealed record SlaStatusView(
    string ConversationId,
    string CustomerId,
    string State,
    string? Policy,
    string? Channel,
    string? Tier,
    string? Queue,
    int Priority,
    SlaTargetsView Targets,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? DueAt,
    long? TimeLeftSeconds,
    IReadOnlyList<OmniSupport.Core.Sla.SlaBreach> Breaches,
    IReadOnlyList<OmniSupport.Core.Sla.SlaStepRecord> StepsDone,
    DateTimeOffset UpdatedAt);

/// <summary>One conversation in a queue of <c>GET /api/queues</c>.</summary>
public sealed record QueuedConversation(
    string ConversationId,
    string CustomerId,
    string State,
    string? Channel,
    string? Tier,
    int Priority,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? DueAt,
    long? TimeLeftSeconds,
    bool Breached);

/// <summary>
/// One queue of <c>GET /api/queues</c>: the counts are over all its open conversations, <see cref="Conversations"/>
/// the most urgent of them (<c>top</c>). <see cref="WithinSla"/> counts those with no breach and not past due.
/// </summary>
public sealed record QueueView(
    string Queue,
    int Waiting,
    int Open,
    int WithinSla,
    DateTimeOffset? OldestWaitingSince,
    long? OldestWaitSeconds,
    DateTimeOffset? NextDueAt,
    IReadOnlyList<QueuedConversation> Conversations);

/// <summary>A supervisor's queue change, as it now stands.</summary>
public sealed record QueueAssignment(string Id, string? Queue, int Priority);

/// <summary>A poison message moved back to the inbound queue.</summary>
public sealed record PoisonReplay(string Id, bool Replayed);

/// <summary>One article of <c>GET /api/kb/articles</c>: no body, the tiers it has variants for.</summary>
public sealed record ArticleSummary(string Id, string Title, IReadOnlyList<string> Tags, IReadOnlyList<string> Tiers, DateTimeOffset UpdatedAt);

/// <summary>A subscription as the API shows it: never its secret.</summary>
public sealed record SubscriptionView(string Id, string Url, IReadOnlyList<string> EventTypes, DateTimeOffset CreatedAt, string? CreatedBy);

/// <summary>An API key as the API lists it: never the key or its hash.</summary>
public sealed record ApiKeyView(string Id, string Scopes, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary><c>GET /api/audit</c>: a customer's entries in a window.</summary>
public sealed record AuditWindow(string CustomerId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ChainedAuditEntry> Entries);

/// <summary>Who is signed in to the console, and until when (on sign-in).</summary>
public sealed record SessionView(string KeyId, string Scope, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt = null);

/// <summary>The problem details body of every 4xx and 5xx answer (RFC 9457).</summary>
public sealed record Problem(string? Type, string Title, int Status, string? Detail, string? Instance, string? TraceId);
