using System.Text.Json;
using Microsoft.Extensions.Logging;
using OmniSupport.Core.Abstractions;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Sla;
using OmniSupport.Core.Timeline;
using OmniSupport.Orchestrations.Activities;
using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations.Signals;

public enum SlaInstanceState
{
    None,
    Active,
    Ended,
}

/// <summary>
/// The Durable client as the SLA needs it. The Server implements it with DurableTask.Core's
/// TaskHubClient, the Functions app with the DurableTaskClient its [DurableClient] binding gives.
/// </summary>
public interface ISlaOrchestrationClient
{
    Task<SlaInstanceState> GetStateAsync(string instanceId, CancellationToken ct);

    /// <summary>Starts the instance; false when one with that id already exists.</summary>
    Task<bool> TryStartAsync(string instanceId, SlaState input, CancellationToken ct);

    Task RaiseAsync(string instanceId, SlaSignal signal, CancellationToken ct);
}

/// <summary>
/// Conversation activity to SLA signals. It only enqueues: the ingest worker and the reply and resolve
/// endpoints never wait on Durable, and the same sink works in both hosts (the Functions isolated
/// worker gives a DurableTaskClient only to a function's [DurableClient] binding, so a queue trigger
/// with that binding applies the signals there; the Server's worker applies them with TaskHubClient).
/// <para>
/// A customer message is told only when it changes what the orchestration would do
/// (<see cref="SlaChange"/>: a new wait, a channel under another policy); one that joins a wait under the
/// same policy, such as a second message on the same channel, costs the SLA engine nothing. The state it
/// is compared with comes from the conversation row the ingest worker has just written, not from the
/// SLA engine. A message that opens the conversation, a redelivered one and one delivered out of order
/// are always told; an opening with the queue, policy and tier routing gave it, so the signal worker reads
/// neither the customer nor the conversation to start the clock.
/// </para>
/// </summary>
public sealed class SlaActivitySink(ISlaSignalQueue queue, SlaPolicyProvider policies, ILogger<SlaActivitySink> log) : IConversationActivitySink
{
    public Task InboundMessageAsync(Conversation conversation, TimelineEvent timelineEvent, bool opened, CancellationToken ct) =>
        Send(SlaSignalKinds.CustomerMessage, conversation, timelineEvent.OccurredAt, timelineEvent.Channel, null, null, ct);

    public Task InboundMessageAsync(InboundActivity activity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var (conversation, timelineEvent) = (activity.Conversation, activity.Event);
        string? tier = null;
        activity.Customer.Attributes?.TryGetValue(ApplySlaSignal.TierAttribute, out tier);
        if (activity.Opened)
        {
            // The conversation and the customer come as routed: the signal carries what the start needs, read by no one again.
            return Send(SlaSignalKinds.CustomerMessage, conversation, timelineEvent.OccurredAt, timelineEvent.Channel, null, new KnownTier(tier), ct, opens: true);
        }

        if (activity.Before is not { } before)
        {
            return InboundMessageAsync(conversation, timelineEvent, activity.Opened, ct);
        }

        var set = policies.Policies;
        var known = SlaChange.Known(conversation, before, set.For(conversation.SlaPolicy, before.LastInboundChannel, tier), tier);
        var signal = new SlaSignal
        {
            Kind = SlaSignalKinds.CustomerMessage,
            At = timelineEvent.OccurredAt,
            Channel = timelineEvent.Channel,
            Queue = conversation.Queue,
            Priority = conversation.Priority,
            Tier = tier,
            Policy = set.For(conversation.SlaPolicy, timelineEvent.Channel, tier),
        };
        if (!SlaChange.Changes(known, signal))
        {
            log.LogDebug("SLA {ConversationId}: message on {Channel} joins the wait under {Policy}; not signalled", conversation.Id, timelineEvent.Channel, known.Policy?.Name);
            return Task.CompletedTask;
        }

        return Send(SlaSignalKinds.CustomerMessage, conversation, timelineEvent.OccurredAt, timelineEvent.Channel, null, new KnownTier(tier), ct);
    }

    public Task AgentReplyAsync(Conversation conversation, TimelineEvent timelineEvent, CancellationToken ct) =>
        Send(SlaSignalKinds.AgentReply, conversation, timelineEvent.OccurredAt, timelineEvent.Channel, null, null, ct);

    public Task ResolvedAsync(Conversation conversation, string actor, CancellationToken ct) =>
        Send(SlaSignalKinds.Resolved, conversation, conversation.ResolvedAt ?? conversation.LastActivityAt, null, actor, null, ct);

    public Task QueueChangedAsync(Conversation conversation, string actor, CancellationToken ct) =>
        Send(SlaSignalKinds.QueueChanged, conversation, conversation.LastActivityAt, null, actor, null, ct);

    private Task Send(string kind, Conversation conversation, DateTimeOffset at, string? channel, string? actor, KnownTier? tier, CancellationToken ct, bool opens = false) =>
        queue.EnqueueAsync(new SlaSignalMessage
        {
            Kind = kind,
            ConversationId = conversation.Id,
            CustomerId = conversation.CustomerId,
            At = at,
            Channel = channel,
            Queue = conversation.Queue,
            Priority = conversation.Priority,
            SlaPolicy = conversation.SlaPolicy,
            Tier = tier?.Value,
            TierKnown = tier is not null,
            Opens = opens,
            Actor = actor,
        }, ct);

    private sealed record KnownTier(string? Value);
}

/// <summary>
/// The <c>sla-signals</c> queue's use case: resolves the policy for the channel and the customer's
/// tier, then starts <c>sla-{conversationId}</c> on the first customer message (only if no instance
/// exists) or raises the signal on the running one. Redelivery is harmless: starting twice is refused
/// by the backend, and the orchestrator treats a repeated signal as the same fact.
/// <para>
/// Order whatever the timing: the Durable backends deliver an event only to an instance that exists
/// (DurableTask.AzureStorage discards one for an unknown instance; the Functions extension refuses
/// it), and the queue's consumers apply signals in parallel, so a second message, a resolve or a queue
/// change enqueued a moment after the opening can be applied while the opening's signal is still
/// starting the instance. Such a signal is put back on the queue, invisible for a short, growing
/// delay (<see cref="DeferralDelay"/>), and applied once the instance exists. Starting the instance
/// from it instead would race that first start (both can pass the backend's existence check, and the
/// backend drops events between two ExecutionStarted messages). A signal whose instance never appears
/// (its opening was lost, or the SLA engine was turned on after the conversation opened) starts the
/// instance itself after <see cref="MaxDeferrals"/> tries, so no signal is dropped except those for an
/// orchestration that has ended.
/// </para>
/// <para>
/// The status row is written here, not by an activity of the orchestration: the row's state with the signal
/// applied by the orchestrator's own rule (<see cref="SlaOrchestrator.Apply"/>), saved over the version read,
/// then the signal is raised marked <see cref="SlaSignal.Recorded"/>. The orchestration's episode then runs
/// no activity (about ten storage transactions less per signal). A crash between the two re-runs both: the
/// same signal applied twice leaves the row as once.
/// </para>
/// <para>
/// The backend is asked where an instance stands only when the status row cannot tell. A first customer
/// message's row is written right after its start, so an open row means a running orchestration and a
/// resolved one an orchestration that ended (or is ending: a signal after the resolution changes nothing);
/// only a signal with no row asks. The message that opened the conversation asks nothing before it tries the start.
/// </para>
/// </summary>
public sealed class ApplySlaSignal(
    ICustomerStore customers,
    IConversationStore conversations,
    SlaPolicyProvider policies,
    SlaStatusWriter statuses,
    ISlaSignalQueue queue,
    ILogger<ApplySlaSignal> log)
{
    public const string TierAttribute = "tier";

    /// <summary>Tries before a signal without its orchestration starts one (about three minutes of waiting in all).</summary>
    public const int MaxDeferrals = 10;

    /// <summary>1 s, 2 s, 4 s, 8 s, 16 s, then 30 s: short enough that a resolve lands before any realistic due time.</summary>
    public static TimeSpan DeferralDelay(int deferrals) => TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Clamp(deferrals, 0, 5)));

    public Task HandleAsync(string messageText, ISlaOrchestrationClient client, CancellationToken ct)
    {
        SlaSignalMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<SlaSignalMessage>(messageText, SlaSignalMessage.Json);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null || !SlaSignalKinds.All.Contains(message.Kind))
        {
            log.LogError("SLA signal dropped: not a signal message");
            return Task.CompletedTask;
        }

        return HandleAsync(message, client, ct);
    }

    public async Task HandleAsync(SlaSignalMessage message, ISlaOrchestrationClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(client);
        var instanceId = SlaOrchestrator.InstanceId(message.ConversationId);
        var isFirst = message.Kind == SlaSignalKinds.CustomerMessage;

        // Where the orchestration stands is asked of the backend only when the status row cannot tell (one query less
        // per signal). The message that opened the conversation tries the start, which the backend refuses when the
        // instance exists. Any other signal reads the row it is about to write: a row is open only once its
        // orchestration has started (the first row is written after the start), and resolved once the resolution reached it.
        SlaStatus? row = null;
        var state = SlaInstanceState.None;
        if (!message.Opens)
        {
            row = await statuses.GetAsync(message.ConversationId, ct);
            state = row is null ? await client.GetStateAsync(instanceId, ct)
                : row.State == SlaStates.Resolved ? SlaInstanceState.Ended
                : SlaInstanceState.Active;
        }

        if (state == SlaInstanceState.Ended)
        {
            log.LogInformation("SLA signal {Kind} for {InstanceId} dropped: the orchestration has ended", message.Kind, instanceId);
            return;
        }

        // Only the message that opened the conversation starts its orchestration at once. Any other signal finding none
        // (a join whose opening is still starting it) waits: two starts at once can both pass the backend's check and
        // leave two ExecutionStarted messages, between which the backend drops events.
        if (state == SlaInstanceState.None && !message.Opens && message.Deferrals < MaxDeferrals)
        {
            var delay = DeferralDelay(message.Deferrals);
            await queue.EnqueueAsync(Deferred(message), delay, ct);
            log.LogInformation("SLA signal {Kind} for {InstanceId} deferred by {Delay}: the orchestration does not exist yet (try {Try})",
                message.Kind, instanceId, delay, message.Deferrals + 1);
            return;
        }

        // The tier, queue, priority and policy name: as the ingest worker had just read them when it says so (a customer
        // message, after routing), else as stored now. A reply or a resolution needs no tier (policies are chosen on
        // customer messages and queue changes): the state keeps the one it has, and neither is read for it.
        var starting = state == SlaInstanceState.None;
        var needsPolicy = isFirst || message.Kind == SlaSignalKinds.QueueChanged;
        string? tier = message.Tier;
        if (!message.TierKnown && (needsPolicy || starting))
        {
            var customer = await customers.GetAsync(message.CustomerId, ct);
            tier = null;
            customer?.Attributes.TryGetValue(TierAttribute, out tier);
        }

        var conversation = !message.TierKnown && (needsPolicy || starting) ? await conversations.GetAsync(message.ConversationId, ct) : null;
        var signal = new SlaSignal
        {
            Kind = message.Kind,
            At = message.At,
            Channel = message.Channel,
            Queue = conversation?.Queue ?? message.Queue,
            Priority = conversation?.Priority ?? message.Priority,
            Tier = tier,
            Actor = message.Actor,
            // A queue change names no channel: its policy is the one of the channel the customer last wrote on.
            Policy = needsPolicy ? policies.Policies.For(conversation is null ? message.SlaPolicy : conversation.SlaPolicy, message.Channel ?? conversation?.LastInboundChannel, tier) : null,
            SurveyDelay = message.Kind == SlaSignalKinds.Resolved ? policies.SurveyDelay : null,
        };

        if (starting)
        {
            // A first customer message's row is written by this worker right after the start, so the orchestration's
            // first execution needs no activity (one round trip less per conversation).
            var input = new SlaState { ConversationId = message.ConversationId, CustomerId = message.CustomerId, Start = signal, StartRecorded = isFirst };
            if (!isFirst)
            {
                // No first customer message ever started it: this signal does, on the conversation's last channel.
                input.Channel = conversation?.LastInboundChannel;
                log.LogWarning("SLA signal {Kind} for {InstanceId} starts the orchestration: none appeared after {Tries} tries", message.Kind, instanceId, message.Deferrals);
            }

            if (await client.TryStartAsync(instanceId, input, ct))
            {
                if (isFirst)
                {
                    // Started just now, so it has no row yet: inserted without a read. A crash before it leaves the
                    // queue message to come back, be refused the start and write the row on the raise path below.
                    await RecordAsync(message, signal, new SlaStatus { ConversationId = message.ConversationId, CustomerId = message.CustomerId }, ct);
                }

                log.LogInformation("SLA {InstanceId} started under policy {Policy}", instanceId, signal.Policy?.Name ?? "(none)");
                return;
            }

            // It exists: started by a concurrent signal a moment ago (raise this one on it), or by this message before a crash, or ended.
            if (await client.GetStateAsync(instanceId, ct) == SlaInstanceState.Ended)
            {
                log.LogInformation("SLA signal {Kind} for {InstanceId} dropped: the orchestration has ended", message.Kind, instanceId);
                return;
            }
        }

        await RecordAsync(message, signal, row, ct);
        signal.Recorded = true;
        await client.RaiseAsync(instanceId, signal, ct);
    }

    /// <summary>The status row with the signal applied as the orchestrator applies it (from <paramref name="asRead"/> on the first try, when given).</summary>
    private Task RecordAsync(SlaSignalMessage message, SlaSignal signal, SlaStatus? asRead, CancellationToken ct) =>
        statuses.ChangeAsync(message.ConversationId, message.CustomerId, row =>
        {
            var state = SlaStatusRow.StateOf(row, policies.Policies);
            var resolved = signal.Kind == SlaSignalKinds.Resolved;
            if (resolved)
            {
                state.WaitingSince = null;
            }
            else
            {
                SlaOrchestrator.Apply(state, signal);
            }

            return SlaStatusRow.Write(row, new SlaStatusUpdate(state, resolved ? null : SlaPlan.DueAt(state), null, resolved, signal.At));
        }, asRead, ct);

    private static SlaSignalMessage Deferred(SlaSignalMessage m) => new()
    {
        Kind = m.Kind,
        Opens = m.Opens,
        ConversationId = m.ConversationId,
        CustomerId = m.CustomerId,
        At = m.At,
        Channel = m.Channel,
        Queue = m.Queue,
        Priority = m.Priority,
        SlaPolicy = m.SlaPolicy,
        Tier = m.Tier,
        TierKnown = m.TierKnown,
        Actor = m.Actor,
        Deferrals = m.Deferrals + 1,
    };
}
