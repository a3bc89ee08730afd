using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// A process's memory counters from its <c>struct mm_struct</c>: <c>total_vm</c> and the RSS counters
/// (<c>rss_stat</c>), in pages, as crash's <c>ps</c> and <c>vm</c> show them.
/// </summary>
public static class MmCounters
{
    /// <summary>MM_FILEPAGES, the first of the <c>rss_stat</c> counters.</summary>
    public const int FilePages = 0;

    /// <summary>MM_ANONPAGES.</summary>
    public const int AnonPages = 1;

    /// <summary>MM_SHMEMPAGES.</summary>
    public const int ShmemPages = 3;

    /// <summary>The <c>struct mm_struct</c> at <paramref name="mm"/>.</summary>
    public static KObject MmStruct(KernelProgram kernel, ulong mm) => KObject.Reference(kernel, kernel.Type("struct mm_struct"), mm);

    /// <summary><c>mm-&gt;total_vm</c> in pages.</summary>
    public static ulong TotalVm(KernelProgram kernel, ulong mm) => MmStruct(kernel, mm).Member("total_vm").ToUInt64();

    /// <summary>
    /// Counter <paramref name="index"/> of <c>mm-&gt;rss_stat</c>, in pages, negative values as read. Up to 6.1
    /// <c>rss_stat</c> is a <c>struct mm_rss_stat</c> of <c>atomic_long_t count[]</c>; since 6.2 (commit
    /// f1a7941243c1) it is an array of <c>struct percpu_counter</c>, whose value is <c>count</c> plus
    /// each CPU's unflushed delta.
    /// </summary>
    public static long Counter(KernelProgram kernel, ulong mm, int index)
    {
        KObject stat = MmStruct(kernel, mm).Member("rss_stat");
        if (stat.HasMember("count"))
            return stat.Member("count").Index(index).Member("counter").ToInt64();
        return Percpu.PercpuCounter.Sum(stat.Index(index));
    }

    /// <summary>
    /// The page count crash divides by for %MEM: the pages below <c>high_memory</c> (crash's
    /// <c>vt-&gt;total_pages</c>), or 0 when unknown.
    /// </summary>
    public static ulong TotalPages(KernelProgram kernel)
    {
        if (kernel.FindVariable("high_memory") is not KObject hm)
            return 0;
        ulong high = hm.ToUInt64();
        ulong pageOffset = kernel.Regions.PageOffset;
        return high > pageOffset ? (high - pageOffset) / 4096 : 0;
    }
}
