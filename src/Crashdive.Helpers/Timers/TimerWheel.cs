using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Timers;

/// <summary>One pending <c>struct timer_list</c>.</summary>
public readonly record struct PendingTimer(ulong Address, ulong Expires, ulong Function);

/// <summary>
/// The timer wheel of 4.8+: per-cpu <c>timer_bases[NR_BASES]</c> (BASE_STD, BASE_DEF with NO_HZ, and
/// BASE_GLOBAL since 6.9), each with hlist <c>vectors[WHEEL_SIZE]</c> of <c>struct timer_list</c>
/// linked by <c>entry</c>.
/// </summary>
public static class TimerWheel
{
    /// <summary>Most timers read from one vector.</summary>
    public const int MaxPerVector = 1 << 20;

    /// <summary>The per-cpu <c>timer_bases</c> array on <paramref name="cpu"/> (a <c>struct timer_base[]</c>).</summary>
    public static KObject Bases(KernelProgram kernel, int cpu)
    {
        KObject bases = kernel.FindVariable("timer_bases") ?? throw new KernelObjectException("timer_bases: symbol not found (kernels before 4.8 keep tvec_bases)");
        return bases.PerCpu(cpu);
    }

    /// <summary>How many bases each CPU has (the length of <c>timer_bases</c>).</summary>
    public static int BaseCount(KObject bases) => bases.UnderlyingType is ArrayType a ? (int)Math.Min(a.Length ?? 1, 8) : 1;

    /// <summary>The timers pending on a base (a <c>struct timer_base</c>), vector by vector; faulty chains are skipped.</summary>
    public static List<PendingTimer> Pending(KObject timerBase)
    {
        var kernel = timerBase.Kernel;
        CType timerList = kernel.Type("struct timer_list");
        ulong entry = KernelList.MemberOffset(timerList, "entry");
        KObject vectors = timerBase.Member("vectors");
        long count = vectors.UnderlyingType is ArrayType a ? (long)(a.Length ?? 0) : 0;
        var list = new List<PendingTimer>();
        for (long i = 0; i < count; i++)
        {
            var chain = new List<PendingTimer>();
            try
            {
                foreach (ulong node in KernelList.HlistNodes(kernel, vectors.Index(i).Address, MaxPerVector))
                {
                    KObject t = KObject.Reference(kernel, timerList, node - entry);
                    chain.Add(new PendingTimer(t.Address, t.Member("expires").ToUInt64(), t.Member("function").ToUInt64()));
                }
            }
            catch (Exception e) when (e is ListWalkException or Dumps.MemoryFaultException)
            {
                continue; // crash ignores a chain with errors
            }
            list.AddRange(chain);
        }
        return list;
    }
}
