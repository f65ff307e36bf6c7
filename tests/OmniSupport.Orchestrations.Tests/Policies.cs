using OmniSupport.Orchestrations.Policies;

namespace OmniSupport.Orchestrations.Tests;

public static class Policies
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero); // a Tuesday

    public static SlaPolicy X => new()
    {
        Name = "x",
        Channel = "x",
        FirstResponse = TimeSpan.FromMinutes(30),
        NextResponse = TimeSpan.FromHours(1),
        Escalations =
        [
            new EscalationStep { After = TimeSpan.Zero, Action = EscalationActions.FollowUp, Channels = ["email"] },
            new EscalationStep { After = TimeSpan.FromMinutes(10), Action = EscalationActions.NotifySupervisor, Webhook = "https://hooks.example.com/x" },
            new EscalationStep { After = TimeSpan.FromMinutes(20), Action = EscalationActions.CallTask },
        ],
    };

    public static SlaPolicy Email => new()
    {
        Name = "email",
        Channel = "email",
        FirstResponse = TimeSpan.FromHours(24),
        NextResponse = TimeSpan.FromHours(24),
        Escalations = [new EscalationStep { After = TimeSpan.Zero, Action = EscalationActions.NotifySupervisor, Email = ["lead@example.com"] }],
    };

    public static BusinessHours NewYorkOffice => new()
    {
        TimeZone = "America/New_York",
        Weekly = [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.Select(d => new OpenHours(d, 9 * 60, 17 * 60))],
        Holidays = [new DateOnly(2026, 12, 25)],
    };

    public static SlaState Waiting(SlaPolicy policy, string channel, DateTimeOffset since) => new()
    {
        ConversationId = "cnv_1",
        CustomerId = "cus_1",
        Channel = channel,
        Policy = policy,
        WaitingSince = since,
        LastCustomerMessageAt = since,
        CyclesPerExecution = 1,
    };

    public static SlaSignal Message(string channel, DateTimeOffset at, SlaPolicy? policy) =>
        new() { Kind = SlaSignalKinds.CustomerMessage, At = at, Channel = channel, Policy = policy };
}
