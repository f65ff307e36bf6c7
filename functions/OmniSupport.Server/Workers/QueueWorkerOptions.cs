namespace OmniSupport.Server.Workers;

/// <summary>
/// How the Server's queue workers receive, retry and give up: host.json's <c>extensions.queues</c>, the values
/// the Functions app's queue triggers run with (<see cref="Runtime.RuntimeSettings"/> fills them in). A
/// <c>Worker:*</c> setting overrides one explicitly (the tests shorten the retry delay and the polling); no
/// value here is a default of the Server's own, except the processing lease, which host.json does not have.
/// </summary>
public sealed class QueueWorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>
    /// host.json <c>visibilityTimeout</c>: how long a message that failed stays invisible before its next try
    /// (the retry delay). Not the processing lease: a message being worked on is kept invisible by <see cref="LeaseSeconds"/>.
    /// </summary>
    public double VisibilityTimeoutSeconds { get; set; }

    /// <summary>host.json <c>batchSize</c>: messages received per poll (the queue service allows up to 32).</summary>
    public int BatchSize { get; set; }

    /// <summary>host.json <c>newBatchThreshold</c>: a new batch is fetched once this few messages of the last ones are still in work.</summary>
    public int NewBatchThreshold { get; set; }

    /// <summary>host.json <c>maxDequeueCount</c>: tries before a message moves to the queue's <c>-poison</c> twin.</summary>
    public int MaxDequeueCount { get; set; }

    /// <summary>host.json <c>maxPollingInterval</c>: the longest wait between polls of an empty queue.</summary>
    public int MaxPollIntervalMilliseconds { get; set; }

    /// <summary>
    /// The processing lease: a received message is invisible this long and the lease is renewed at a third of it
    /// while the handler runs, so a long handler keeps its message and no second worker gets it. After a crash the
    /// message comes back when the lease runs out. The Functions queue listener holds its messages the same way
    /// (a fixed lease of ten minutes it renews); host.json has no setting for it. The Server's is shorter: with
    /// renewal a long lease buys nothing, and a shorter one brings a killed Server's messages back to the other
    /// replica (or to itself, restarted) within a minute instead of ten.
    /// </summary>
    public double LeaseSeconds { get; set; } = DefaultLeaseSeconds;

    /// <summary>One minute, renewed every 20 s while the handler runs.</summary>
    public const double DefaultLeaseSeconds = 60;

    public TimeSpan RetryDelay => TimeSpan.FromSeconds(VisibilityTimeoutSeconds);

    /// <summary>The lease in whole seconds, rounded up: storage takes a visibility timeout in seconds and would cut a fraction off.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Ceiling(LeaseSeconds));

    public TimeSpan MaxPollInterval => TimeSpan.FromMilliseconds(MaxPollIntervalMilliseconds);
}
