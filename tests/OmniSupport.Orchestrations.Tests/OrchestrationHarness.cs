using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using OmniSupport.Orchestrations;

namespace OmniSupport.Orchestrations.Tests;

/// <summary>
/// A mocked TaskOrchestrationContext in the style of durabletask-dotnet's samples/AzureFunctionsUnitTests:
/// the abstract members the orchestrator really calls are set up (CreateTimer(DateTime, token),
/// WaitForExternalEvent(name, token), the typed CallActivityAsync), and the test decides which of the
/// timer or the event completes first.
/// </summary>
public sealed class OrchestrationHarness
{
    private readonly List<TaskCompletionSource<SlaSignal>> _waiters = [];
    private TaskCompletionSource? _timer;

    public OrchestrationHarness(DateTimeOffset now)
    {
        Now = now;
        Mock = new Mock<TaskOrchestrationContext> { CallBase = true };
        Mock.Protected().Setup<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        Mock.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now.UtcDateTime);
        Mock.SetupGet(c => c.InstanceId).Returns("sla-test");
        Mock.Setup(c => c.WaitForExternalEvent<SlaSignal>(SlaSignal.EventName, It.IsAny<CancellationToken>())).Returns(() =>
        {
            var waiter = new TaskCompletionSource<SlaSignal>();
            _waiters.Add(waiter);
            return waiter.Task;
        });
        Mock.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime fireAt, CancellationToken token) =>
            {
                Timers.Add(new DateTimeOffset(DateTime.SpecifyKind(fireAt, DateTimeKind.Utc)));
                TimerTokens.Add(token);
                _timer = new TaskCompletionSource();
                return _timer.Task;
            });
        Mock.Setup(c => c.CallActivityAsync<string>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? _) =>
            {
                Activities.Add((name.Name, input));
                return Task.FromResult(ActivityResult(name.Name));
            });
        Mock.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()))
            .Callback((object? input, bool _) => ContinuedWith = (SlaState?)input);
    }

    public Mock<TaskOrchestrationContext> Mock { get; }
    public DateTimeOffset Now { get; set; }
    public List<DateTimeOffset> Timers { get; } = [];
    public List<CancellationToken> TimerTokens { get; } = [];
    public List<(string Name, object? Input)> Activities { get; } = [];
    public SlaState? ContinuedWith { get; private set; }

    /// <summary>How many times the orchestrator asked to wait for an event.</summary>
    public int Waits => _waiters.Count;

    public IEnumerable<string> ActivityNames => Activities.Select(a => a.Name);

    public Task<SlaOutcome?> Run(SlaState state) => new SlaOrchestrator().RunAsync(Mock.Object, state);

    /// <summary>The pending timer fires (the context's clock is moved to its time first).</summary>
    public void FireTimer()
    {
        Now = Timers[^1];
        _timer!.SetResult();
    }

    /// <summary>The pending timer fires late: the clock stays where the test put it.</summary>
    public void FireTimerAtCurrentTime() => _timer!.SetResult();

    public void Raise(SlaSignal signal)
    {
        Now = signal.At;
        _waiters.First(w => !w.Task.IsCompleted).SetResult(signal);
    }

    public T Input<T>(string activity) => (T)Activities.Last(a => a.Name == activity).Input!;

    private static string ActivityResult(string name) => name + " done";
}
