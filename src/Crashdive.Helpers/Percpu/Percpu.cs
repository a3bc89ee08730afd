using Crashdive.Kernel;

namespace Crashdive.Helpers.Percpu;

/// <summary>
/// Per-cpu data: how many CPUs the kernel set up, and each CPU's offset (<c>__per_cpu_offset[cpu]</c>)
/// to add to a per-cpu symbol's value.
/// </summary>
public static class Percpu
{
    /// <summary>NR_CPUS bound for the walk over <c>__per_cpu_offset</c> (Debian builds with 8192).</summary>
    public const int MaxCpus = 8192;

    /// <summary>
    /// The CPUs whose per-cpu areas are set up, counted as crash counts them: consecutive CPUs whose
    /// <c>cpu_number</c> per-cpu variable holds their own number, stopping at the first offset still
    /// at its boot value (<c>__per_cpu_load</c>); then raised to cover every CPU in <c>__cpu_present_mask</c>.
    /// </summary>
    public static PercpuLayout Of(KernelProgram kernel) => kernel.Cached(Build);

    private static PercpuLayout Build(KernelProgram kernel)
    {
        var offsets = new List<ulong>();
        if (kernel.SymbolAddress("__per_cpu_offset") is not ulong table || CpuNumber(kernel) is not ulong cpuNumber)
            return new PercpuLayout(offsets);
        ulong? bootOffset = kernel.SymbolAddress("__per_cpu_load");
        var mem = kernel.Memory;
        for (int i = 0; i < MaxCpus; i++)
        {
            if (!mem.TryReadPointer(table + (ulong)i * 8, out ulong off) || (bootOffset is ulong b && off == b))
                break;
            if (!mem.TryRead(unchecked(cpuNumber + off), out int n) || n != i)
                break;
            offsets.Add(off);
        }
        // crash: when fewer CPUs are present than were counted (or none was counted), the count becomes
        // the highest present CPU plus one.
        var (present, highest) = Present(kernel);
        if (present > 0 && (offsets.Count == 0 || present < offsets.Count))
        {
            int want = highest + 1;
            if (offsets.Count > want)
                offsets.RemoveRange(want, offsets.Count - want);
            for (int i = offsets.Count; i < want; i++)
            {
                if (!mem.TryReadPointer(table + (ulong)i * 8, out ulong off))
                    break;
                offsets.Add(off);
            }
        }
        return new PercpuLayout(offsets);
    }

    // The per-cpu cpu_number: its own variable up to 6.1, a member of pcpu_hot since 6.2 (commit
    // 0f1c2ec7df1b "x86/percpu: Move cpu_number next to current_task"), and again its own in 6.15.
    private static ulong? CpuNumber(KernelProgram kernel)
    {
        if (kernel.SymbolAddress("cpu_number") is ulong own)
            return own;
        if (kernel.SymbolAddress("pcpu_hot") is ulong hot && kernel.FindType("struct pcpu_hot")?.Underlying() is Symbols.Types.StructType s
            && s.FindMember("cpu_number") is { } m)
            return hot + m.Offset;
        return null;
    }

    private static (int Count, int Highest) Present(KernelProgram kernel)
    {
        if (kernel.SymbolAddress("__cpu_present_mask") is not ulong mask || kernel.SymbolAddress("nr_cpu_ids") is not ulong nrAddr
            || !kernel.Memory.TryRead(nrAddr, out uint nr) || nr == 0 || nr > MaxCpus)
            return (0, -1);
        int count = 0, highest = -1;
        for (uint word = 0; word * 64 < nr; word++)
        {
            if (!kernel.Memory.TryRead(mask + word * 8, out ulong bits))
                break;
            for (int bit = 0; bit < 64 && word * 64 + bit < nr; bit++)
            {
                if ((bits & (1UL << bit)) != 0)
                {
                    count++;
                    highest = (int)(word * 64) + bit;
                }
            }
        }
        return (count, highest);
    }
}
