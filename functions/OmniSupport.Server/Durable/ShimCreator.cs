using DurableTask.Core;

namespace OmniSupport.Server.Durable;

/// <summary>
/// Registers an orchestration or activity with a TaskHubWorker by a factory that makes a fresh shim for
/// each execution: a shim holds the execution's context, so one instance shared by concurrent
/// orchestrations (as a NameValueObjectCreator with an instance would be) is unsafe.
/// </summary>
public sealed class ShimCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public ShimCreator(string name, Func<T> create)
    {
        Name = name;
        Version = "";
        _create = create;
    }

    public override T Create() => _create();
}
