namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    /// <summary>NR_CPUS bound for per-cpu lookups.</summary>
    public const int MaxCpus = 8192;

    /// <summary><c>__per_cpu_offset[cpu]</c>: what to add to a per-cpu variable's offset on <paramref name="cpu"/>.</summary>
    public ulong PerCpuOffset(int cpu)
    {
        if (cpu < 0 || cpu >= MaxCpus)
            throw new KernelObjectException($"invalid cpu: {cpu}");
        if (SymbolAddress("__per_cpu_offset") is not ulong table)
            throw new KernelObjectException("__per_cpu_offset: symbol not found");
        return Memory.ReadPointer(table + (ulong)cpu * 8);
    }
}
