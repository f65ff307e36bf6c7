using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace OmniSupport.Functions.Tests;

/// <summary>
/// A hand-written <see cref="FunctionContext"/> for running the worker middleware in-process (the Functions
/// Core Tools cannot run here): the function's definition points at the real trigger method, the HTTP
/// context sits where the ASP.NET Core integration puts it, and the invocation result lives where the
/// worker keeps it (an internal feature, stood in for by a <see cref="DispatchProxy"/>).
/// </summary>
public sealed class TestFunctionContext : FunctionContext
{
    private const string HttpContextKey = "HttpRequestContext"; // Where ConfigureFunctionsWebApplication's proxy puts it.

    public TestFunctionContext(MethodInfo trigger, IServiceProvider services, Microsoft.AspNetCore.Http.HttpContext? http)
    {
        FunctionDefinition = new Definition(trigger);
        InstanceServices = services;
        if (http is not null)
        {
            Items[HttpContextKey] = http;
        }

        var bindingsFeature = typeof(FunctionContext).Assembly.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;
        Bindings = (BindingsProxy)DispatchProxy.Create(bindingsFeature, typeof(BindingsProxy));
        TestFeatures.Add(bindingsFeature, Bindings);
    }

    public BindingsProxy Bindings { get; }

    private InvocationFeatureSet TestFeatures { get; } = new();

    public override string InvocationId { get; } = Guid.NewGuid().ToString("N");

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => null!;

    public override BindingContext BindingContext => null!;

    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => TestFeatures;

    public override CancellationToken CancellationToken => CancellationToken.None;

    /// <summary>Stands in for the worker's bindings feature: only the invocation result is used.</summary>
    public class BindingsProxy : DispatchProxy
    {
        public object? InvocationResult { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            "get_InvocationResult" => InvocationResult,
            "set_InvocationResult" => InvocationResult = args![0],
            _ => throw new NotSupportedException(targetMethod?.Name + " is not used by the middleware under test."),
        };
    }

    private sealed class InvocationFeatureSet : Dictionary<Type, object>, IInvocationFeatures
    {
        public T? Get<T>() => TryGetValue(typeof(T), out var value) ? (T)value : default;

        public void Set<T>(T instance) => this[typeof(T)] = instance!;
    }

    private sealed class Definition(MethodInfo trigger) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => trigger.DeclaringType!.Assembly.Location;

        public override string EntryPoint => trigger.DeclaringType!.FullName + "." + trigger.Name;

        public override string Id => EntryPoint;

        public override string Name => trigger.GetCustomAttribute<FunctionAttribute>()?.Name ?? trigger.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
