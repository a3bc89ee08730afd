namespace Crashdive.Helpers.Percpu;

/// <summary>The per-cpu offsets of the CPUs the kernel set up.</summary>
public sealed class PercpuLayout(IReadOnlyList<ulong> offsets)
{
    /// <summary>Number of CPUs (crash's <c>kt->cpus</c>); 0 when the per-cpu symbols are missing.</summary>
    public int CpuCount => Offsets.Count;

    /// <summary><c>__per_cpu_offset[cpu]</c> for each CPU.</summary>
    public IReadOnlyList<ulong> Offsets { get; } = offsets;
}
