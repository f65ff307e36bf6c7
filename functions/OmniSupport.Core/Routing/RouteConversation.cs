using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Routing;

/// <summary>
/// Routes a conversation when it opens: refreshes the customer's attributes from the CRM (by contact
/// email, cached by the connector), picks the first matching rule, writes queue, priority and SLA
/// policy, sets the tier the rule names, and creates a callback task when the rule asks for one.
/// A CRM that does not answer never blocks routing: the stored attributes decide.
/// </summary>
public sealed class RouteConversation(
    IConversationStore conversations,
    ICustomerStore customers,
    ICrmConnector crm,
    RoutingPolicy policy,
    ICallbackTaskStore callbacks,
    ITimelineStore timeline,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<RouteConversation> log)
{
    public async Task<RoutingRule?> RouteAsync(string conversationId, string? channel, CancellationToken ct)
    {
        var conversation = await conversations.GetAsync(conversationId, ct) ?? throw new NotFoundException($"Conversation {conversationId}");
        var customer = await RefreshFromCrmAsync(conversation.CustomerId, ct);
        var facts = new RoutingFacts(customer?.Attributes ?? new Dictionary<string, string>(), channel ?? conversation.Channels.FirstOrDefault(), conversation.Handoff?.Intent);
        var rule = policy.Choose(facts);
        if (rule is null)
        {
            return null;
        }

        if (rule.SetTier is not null && customer is not null && !string.Equals(customer.Attributes.GetValueOrDefault(CustomerAttributeNames.Tier), rule.SetTier, StringComparison.Ordinal))
        {
            await Retry.OnConflictAsync(async () =>
            {
                var current = await customers.GetAsync(customer.Id, ct) ?? customer;
                current.Attributes[CustomerAttributeNames.Tier] = rule.SetTier;
                await customers.UpdateAsync(current, ct);
            });
        }

        var routed = await Retry.OnConflictAsync(async () =>
        {
            var current = await conversations.GetAsync(conversationId, ct) ?? throw new NotFoundException($"Conversation {conversationId}");
            if (current.Queue == rule.Queue && current.Priority == rule.Priority && current.SlaPolicy == (rule.SlaPolicy ?? current.SlaPolicy))
            {
                return current;
            }

            current.Queue = rule.Queue;
            current.Priority = rule.Priority;
            current.SlaPolicy = rule.SlaPolicy ?? current.SlaPolicy;
            await conversations.UpdateAsync(current, ct);
            return current;
        });

        if (rule.CallbackTask)
        {
            await callbacks.CreateIfMissingAsync(new CallbackTask
            {
                Id = StableId.From("cbk", routed.Id),
                ConversationId = routed.Id,
                CustomerId = routed.CustomerId,
                Queue = rule.Queue,
                Phone = customer?.Identities.FirstOrDefault(i => i.Kind == IdentityKinds.Phone)?.Value,
                Reason = $"Routing rule '{rule.Name}'",
                CreatedAt = clock.GetUtcNow(),
            }, ct);
        }

        await timeline.AppendAsync(new TimelineEvent
        {
            Id = StableId.From("evt", "route", routed.Id),
            CustomerId = routed.CustomerId,
            ConversationId = routed.Id,
            Channel = "system",
            Direction = Direction.System,
            OccurredAt = clock.GetUtcNow(),
            Text = $"Routed to {rule.Queue} (priority {rule.Priority}) by rule '{rule.Name}'." + (rule.CallbackTask ? " Callback task created." : ""),
            Metadata = new Dictionary<string, string>
            {
                ["action"] = "route",
                ["rule"] = rule.Name,
                ["queue"] = rule.Queue,
                ["priority"] = rule.Priority.ToString(CultureInfo.InvariantCulture),
                ["callback"] = rule.CallbackTask ? "true" : "false",
            },
        }, ct);

        foreach (var sink in services.GetServices<IConversationActivitySink>().Where(s => s is not RoutingSink))
        {
            await sink.QueueChangedAsync(routed, "routing", ct);
        }

        log.LogInformation("Conversation {ConversationId} routed to {Queue} by rule {Rule}", routed.Id, rule.Queue, rule.Name);
        return rule;
    }

    private async Task<Customer?> RefreshFromCrmAsync(string customerId, CancellationToken ct)
    {
        var customer = await customers.GetAsync(customerId, ct);
        if (customer is null || !crm.Enabled)
        {
            return customer;
        }

        var email = customer.Identities.FirstOrDefault(i => i.Kind == IdentityKinds.Email)?.Value;
        if (email is null)
        {
            return customer;
        }

        CrmAccount? account;
        try
        {
            account = await crm.FindAccountByEmailAsync(email, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            log.LogWarning(SummarizedException.Of(ex), "CRM lookup for customer {CustomerId} failed ({Error}); routing on stored attributes", customerId, ex.GetType().Name);
            return customer;
        }

        if (account is null)
        {
            return customer;
        }

        return await Retry.OnConflictAsync(async () =>
        {
            var current = await customers.GetAsync(customerId, ct) ?? customer;
            current.Attributes[CustomerAttributeNames.CrmAccountId] = account.AccountId;
            if (account.Name is not null)
            {
                current.Attributes[CustomerAttributeNames.AccountName] = account.Name;
            }

            if (account.ContractValue is { } value)
            {
                current.Attributes[CustomerAttributeNames.ContractValue] = value.ToString(CultureInfo.InvariantCulture);
            }

            if (account.Tier is not null)
            {
                current.Attributes[CustomerAttributeNames.Tier] = account.Tier;
            }

            current.Attributes[CustomerAttributeNames.CrmCheckedAt] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            await customers.UpdateAsync(current, ct);
            return await customers.GetAsync(customerId, ct) ?? current;
        });
    }
}

/// <summary>Routes each conversation once, when it opens.</summary>
public sealed class RoutingSink(RouteConversation route) : IConversationActivitySink
{
    public async Task InboundMessageAsync(Conversation conversation, TimelineEvent timelineEvent, bool opened, CancellationToken ct)
    {
        if (opened)
        {
            await route.RouteAsync(conversation.Id, timelineEvent.Channel, ct);
        }
    }
}
