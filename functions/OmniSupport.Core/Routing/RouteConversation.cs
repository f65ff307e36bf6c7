using System.Globalization;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Customers;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Timeline;

namespace OmniSupport.Core.Routing;

/// <summary>Routes a conversation the moment it opens, before the listeners hear of it.</summary>
public interface IConversationRouter
{
    /// <summary>
    /// Routes the conversation the message just opened; returns it and its customer as routed (queue, priority,
    /// SLA policy, tier), unchanged when no rule matches. The objects given are written as they are on the first
    /// try (they carry the versions the ingest worker just wrote); a conflict reads again.
    /// </summary>
    Task<RoutedOpening> RouteOpenedAsync(Conversation conversation, Customer customer, string? channel, CancellationToken ct);
}

/// <summary>An opened conversation and its customer as routing left them.</summary>
public sealed record RoutedOpening(Conversation Conversation, Customer Customer);

/// <summary>
/// Routes a conversation when it opens: refreshes the customer's attributes from the CRM (by contact
/// email, cached by the connector), picks the first matching rule, writes queue, priority and SLA
/// policy, sets the tier the rule names, and creates a callback task when the rule asks for one.
/// A CRM that does not answer never blocks routing: the stored attributes decide. The ingest worker
/// routes before it tells the listeners of the message, so they start from the routed conversation:
/// the SLA clock starts under the routed queue, policy and tier, with no queue change to signal after
/// it and nothing to read again.
/// </summary>
public sealed class RouteConversation(
    IConversationStore conversations,
    ICustomerStore customers,
    ICrmConnector crm,
    RoutingPolicy policy,
    ICallbackTaskStore callbacks,
    ITimelineStore timeline,
    TimeProvider clock,
    ILogger<RouteConversation> log) : IConversationRouter
{
    public async Task<RoutedOpening> RouteOpenedAsync(Conversation conversation, Customer customer, string? channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(customer);
        customer = await RefreshFromCrmAsync(customer, ct);
        var facts = new RoutingFacts(customer.Attributes, channel ?? conversation.Channels.FirstOrDefault(), conversation.Handoff?.Intent);
        var rule = policy.Choose(facts);
        if (rule is null)
        {
            return new RoutedOpening(conversation, customer);
        }

        if (rule.SetTier is not null && !string.Equals(customer.Attributes.GetValueOrDefault(CustomerAttributeNames.Tier), rule.SetTier, StringComparison.Ordinal))
        {
            customer = await Retry.OnConflictAsync(
                customer,
                async () => await customers.GetAsync(conversation.CustomerId, ct) ?? throw new NotFoundException($"Customer {conversation.CustomerId}"),
                async current =>
                {
                    current.Attributes[CustomerAttributeNames.Tier] = rule.SetTier;
                    await customers.UpdateAsync(current, ct);
                    return current;
                });
        }

        var routed = await Retry.OnConflictAsync(
            conversation,
            async () => await conversations.GetAsync(conversation.Id, ct) ?? throw new NotFoundException($"Conversation {conversation.Id}"),
            async current =>
            {
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
                Phone = customer.Identities.FirstOrDefault(i => i.Kind == IdentityKinds.Phone)?.Value,
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

        log.LogInformation("Conversation {ConversationId} routed to {Queue} by rule {Rule}", routed.Id, rule.Queue, rule.Name);
        return new RoutedOpening(routed, customer);
    }

    private async Task<Customer> RefreshFromCrmAsync(Customer customer, CancellationToken ct)
    {
        if (!crm.Enabled)
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
            log.LogWarning(SummarizedException.Of(ex), "CRM lookup for customer {CustomerId} failed ({Error}); routing on stored attributes", customer.Id, ex.GetType().Name);
            return customer;
        }

        if (account is null)
        {
            return customer;
        }

        return await Retry.OnConflictAsync(customer, async () => await customers.GetAsync(customer.Id, ct) ?? customer, async current =>
        {
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
            return current;
        });
    }
}
