using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// The figures of crash's <c>kmem -i</c>, in pages, computed the way crash 9.0.2 computes them (which for
/// TOTAL MEM, FREE, CACHED and SLAB is also what the kernel's /proc/meminfo shows). <see cref="Shared"/>
/// (pages mapped more than once, from a pass over every <c>struct page</c>) is null unless asked for.
/// </summary>
public sealed record MemInfo(
    ulong TotalRam, ulong Free, ulong? Shared, ulong Buffers, long Cached, ulong Slab,
    ulong HugeTotal, ulong HugeFree, bool HasHugetlb, ulong SwapTotal, ulong SwapUsed, bool HasSwap,
    ulong? CommitLimit, long Committed)
{
    /// <summary>
    /// Computes the figures of <paramref name="kernel"/>; the pass over every <c>struct page</c> is made only
    /// for <paramref name="shared"/> or when the kernel lacks the counters that spare it.
    /// </summary>
    public static MemInfo Of(KernelProgram kernel, bool shared = false, CancellationToken cancel = default)
    {
        MemMapCensus? census = shared ? MemMapCensus.Of(kernel, cancel) : null;
        MemMapCensus Census() => census ??= MemMapCensus.Of(kernel, cancel);
        ulong totalRam = TotalRamPages(kernel) ?? Census().Pages - Census().Reserved;
        ulong free = Zones.FreePages(kernel);
        ulong buffers = BlockDevicePages(kernel);
        long cached = 0;
        if (VmStat.Global(kernel, "NR_FILE_PAGES") is long filePages)
            cached = filePages - (long)SwapCachePages(kernel) - (long)buffers;
        // Slab pages as /proc/meminfo's Slab counts them: the node counters NR_SLAB_RECLAIMABLE_B +
        // NR_SLAB_UNRECLAIMABLE_B (5.9 renamed them with the _B suffix, commit d42f3245c7e2), before that
        // NR_SLAB_RECLAIMABLE + NR_SLAB_UNRECLAIMABLE, or NR_SLAB on older kernels; PG_slab pages only when
        // the kernel has none of them. (crash 8.0.2 did not know the _B names and counted PG_slab pages.)
        ulong slab;
        if (VmStat.Global(kernel, "NR_SLAB_RECLAIMABLE_B") is long rb)
            slab = (ulong)(rb + (VmStat.Global(kernel, "NR_SLAB_UNRECLAIMABLE_B") ?? 0));
        else if (VmStat.Global(kernel, "NR_SLAB_RECLAIMABLE") is long r)
            slab = (ulong)(r + (VmStat.Global(kernel, "NR_SLAB_UNRECLAIMABLE") ?? 0));
        else if (VmStat.Global(kernel, "NR_SLAB") is long s)
            slab = (ulong)s;
        else
            slab = Census().Slab;
        var (hugeTotal, hugeFree, hasHuge) = Hugetlb(kernel);
        var (swapTotal, swapUsed) = Swap.Totals(kernel);
        bool hasSwap = kernel.SymbolAddress("swapper_spaces") is not null || kernel.SymbolAddress("swapper_space") is not null;
        ulong? limit = null;
        long committed = 0;
        if (kernel.SymbolAddress("sysctl_overcommit_memory") is not null)
        {
            ulong kbytes = kernel.SymbolAddress("sysctl_overcommit_kbytes") is ulong k ? kernel.Memory.Read<ulong>(k) : 0;
            if (kbytes != 0)
                limit = kbytes >> 2;
            else if (hasHuge && kernel.SymbolAddress("sysctl_overcommit_ratio") is ulong ratioAt)
                limit = (totalRam - hugeTotal) * (ulong)kernel.Memory.Read<int>(ratioAt) / 100;
            if (limit is not null && kernel.FindVariable("vm_committed_as") is KObject asObj)
            {
                // vm_memory_committed(): percpu_counter_sum_positive, as /proc/meminfo's Committed_AS (crash 9.0.2
                // reads the shared count alone and is off by the CPUs' unfolded deltas, thousands of pages)
                committed = Math.Max(0, Percpu.PercpuCounter.Sum(asObj));
                limit += swapTotal;
            }
            else
            {
                limit = null;
            }
        }
        return new MemInfo(totalRam, free, shared ? Census().Shared : null, buffers, cached, slab, hugeTotal, hugeFree, hasHuge, swapTotal, swapUsed, hasSwap, limit, committed);
    }

    /// <summary><c>totalram_pages()</c>: <c>_totalram_pages</c> (5.0+) or <c>totalram_pages</c>.</summary>
    public static ulong? TotalRamPages(KernelProgram kernel)
    {
        if (kernel.FindVariable("_totalram_pages") is KObject t)
            return t.HasMember("counter") ? t.Member("counter").ToUInt64() : t.ToUInt64();
        if (kernel.FindVariable("totalram_pages") is KObject o)
            return o.ToUInt64();
        return null;
    }

    /// <summary>
    /// Pages of block-device page caches: the sum of <c>i_mapping-&gt;nrpages</c> over the inodes of
    /// <c>blockdev_superblock</c> (the kernel's nr_blockdev_pages()).
    /// </summary>
    public static ulong BlockDevicePages(KernelProgram kernel)
    {
        if (kernel.FindVariable("blockdev_superblock") is not KObject sbPtr || sbPtr.ToUInt64() == 0)
            return 0;
        KObject sb = sbPtr.Deref();
        CType inode = kernel.Type("struct inode");
        ulong pages = 0;
        foreach (KObject i in KernelList.Entries(kernel, sb.Member("s_inodes").Address, inode, "i_sb_list"))
            pages += i.Member("i_mapping").Member("nrpages").ToUInt64();
        return pages;
    }

    /// <summary>Pages in the swap cache: <c>nrpages</c> of every <c>swapper_spaces</c> address space.</summary>
    public static ulong SwapCachePages(KernelProgram kernel)
    {
        if (kernel.FindVariable("nr_swapper_spaces") is not KObject banks || banks.UnderlyingType is not ArrayType a
            || kernel.FindVariable("swapper_spaces") is not KObject spaces)
            return 0;
        CType space = kernel.Type("struct address_space");
        ulong size = space.Size ?? 0, pages = 0;
        for (long i = 0; i < (long)(a.Length ?? 0); i++)
        {
            uint n = (uint)banks.Index(i).ToUInt64();
            ulong sa = spaces.Index(i).ToUInt64();
            if (n == 0 || sa == 0)
                continue;
            for (uint j = 0; j < n && j < 1 << 20; j++)
                pages += KObject.Reference(kernel, space, sa + j * size).Member("nrpages").ToUInt64();
        }
        return pages;
    }

    private static (ulong Total, ulong Free, bool Present) Hugetlb(KernelProgram kernel)
    {
        if (kernel.FindVariable("hstates") is not KObject hstates || hstates.UnderlyingType is not ArrayType a)
            return (0, 0, false);
        ulong total = 0, free = 0;
        for (long i = 0; i < (long)(a.Length ?? 0); i++)
        {
            KObject h = hstates.Index(i);
            int order = (int)h.Member("order").ToUInt64();
            if (order == 0 || order > 40)
                continue;
            total += h.Member("nr_huge_pages").ToUInt64() << order;
            free += h.Member("free_huge_pages").ToUInt64() << order;
        }
        return (total, free, true);
    }
}
