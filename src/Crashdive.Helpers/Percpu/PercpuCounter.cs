using Crashdive.Kernel;

namespace Crashdive.Helpers.Percpu;

/// <summary>The kernel's <c>struct percpu_counter</c>: a shared count plus each CPU's not yet folded delta.</summary>
public static class PercpuCounter
{
    /// <summary>
    /// <c>percpu_counter_sum()</c>: <c>count</c> plus every CPU's <c>s32</c> in <c>counters</c> (a CPU whose
    /// delta the dump does not hold adds nothing). <paramref name="counter"/> is a <c>struct percpu_counter</c>.
    /// </summary>
    public static long Sum(KObject counter)
    {
        KernelProgram kernel = counter.Kernel;
        long sum = counter.Member("count").ToInt64();
        ulong counters = counter.Member("counters").ToUInt64();
        if (counters == 0)
            return sum;
        int cpus = Percpu.Of(kernel).CpuCount;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            if (kernel.Memory.TryRead(unchecked(counters + kernel.PerCpuOffset(cpu)), out int delta))
                sum += delta;
        }
        return sum;
    }

    /// <summary><c>percpu_counter_read()</c>: the shared <c>count</c> alone, as /proc shows the RSS counters.</summary>
    public static long Read(KObject counter) => counter.Member("count").ToInt64();
}
