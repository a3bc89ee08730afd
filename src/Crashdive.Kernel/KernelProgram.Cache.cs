using System.Collections.Concurrent;

namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    private readonly ConcurrentDictionary<Type, object> _helperCache = new();

    /// <summary>
    /// A value a helper computes once per kernel (page-flag names, CPU count...), keyed by its type and
    /// kept here so that no helper keeps state in statics. <paramref name="create"/> runs at most once
    /// per type unless two threads race, in which case one result wins.
    /// </summary>
    public T Cached<T>(Func<KernelProgram, T> create) where T : class =>
        (T)_helperCache.GetOrAdd(typeof(T), static (_, arg) => arg.create(arg.self), (create, self: this));
}
