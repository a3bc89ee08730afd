using System.Collections.Concurrent;

namespace Crashdive.Tests.Commands;

/// <summary>
/// The xunit class fixture of a differential table <typeparamref name="TTable"/>: one crash run per dump over
/// <see cref="ICrashTable.CrashCommands"/>, made on first use and shared by all cases of the class.
/// </summary>
public sealed class CrashTableRuns<TTable> : IDisposable where TTable : ICrashTable
{
    private readonly ConcurrentDictionary<string, Lazy<CrashTableRun>> _runs = new();

    /// <summary>The run for <paramref name="dump"/>.</summary>
    public CrashTableRun Get(string dump) => _runs.GetOrAdd(dump, d => new Lazy<CrashTableRun>(() =>
        new CrashTableRun(Fixtures.OpenKernel(d), CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(d), TTable.CrashCommands)))).Value;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var r in _runs.Values)
        {
            if (r.IsValueCreated)
                r.Value.Kernel.Dispose();
        }
    }
}
