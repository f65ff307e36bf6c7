using OmniSupport.Orchestrations.Activities;

namespace OmniSupport.Orchestrations;

/// <summary>Every orchestrator and activity of the SLA engine: the Server registers these, the Functions app has a trigger for each.</summary>
public static class SlaTasks
{
    public static readonly IReadOnlyList<Type> Orchestrators = [typeof(SlaOrchestrator)];

    public static readonly IReadOnlyList<Type> Activities =
    [
        typeof(RecordSlaStatus),
        typeof(NotifySupervisor),
        typeof(SendFollowUp),
        typeof(CreateCallTask),
        typeof(RequeueConversation),
        typeof(SendSurvey),
    ];
}
