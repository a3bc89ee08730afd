using Crashdive.Helpers.Lists;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Mm;

/// <summary>What a kernel virtual range maps, as crash names its search ranges.</summary>
public enum KernelRangeKind
{
    /// <summary>The direct map of physical memory (KVADDR_UNITY_MAP).</summary>
    UnityMap,
    /// <summary>A vmalloc area (KVADDR_VMALLOC).</summary>
    Vmalloc,
    /// <summary>A module area (KVADDR_MODULES).</summary>
    Modules,
    /// <summary>The struct page array (KVADDR_VMEMMAP).</summary>
    Vmemmap,
    /// <summary>The kernel image mapping at __START_KERNEL_map (KVADDR_START_MAP).</summary>
    StartMap,
}

/// <summary>One range of kernel virtual addresses that maps memory, [Start, End).</summary>
public readonly record struct KernelVirtualRange(ulong Start, ulong End, KernelRangeKind Kind)
{
    /// <summary>__START_KERNEL_map on x86-64.</summary>
    public const ulong StartKernelMap = 0xffff_ffff_8000_0000UL;

    /// <summary>
    /// The kernel's mapped virtual ranges, by address: the direct map of each physical range the dump
    /// holds, every <c>vmap_area</c> (vmalloc and modules), each present section's <c>struct page</c>
    /// array, and the kernel image (<c>_text</c> to <c>_end</c>). Adjacent ranges of a kind are merged.
    /// </summary>
    public static IReadOnlyList<KernelVirtualRange> All(KernelProgram kernel)
    {
        var list = new List<KernelVirtualRange>();
        var regions = kernel.Regions;
        foreach (var r in kernel.Dump.Ranges)
            list.Add(new KernelVirtualRange(regions.PhysicalToDirect(r.Start), regions.PhysicalToDirect(r.End), KernelRangeKind.UnityMap));
        try
        {
            foreach (KObject area in Vmalloc.Areas(kernel))
            {
                ulong start = area.Member("va_start").ToUInt64(), end = area.Member("va_end").ToUInt64();
                if (end > start)
                    list.Add(new KernelVirtualRange(start, end, start >= regions.ModulesStart && start < regions.ModulesEnd ? KernelRangeKind.Modules : KernelRangeKind.Vmalloc));
            }
        }
        catch (Exception e) when (e is ListWalkException or MmException or KernelObjectException or Dumps.MemoryFaultException)
        {
            // a corrupt or unknown vmalloc structure leaves the other ranges
        }
        if (kernel.VmcoreInfo?.Number("SECTION_SIZE_BITS") is long bits && kernel.VmcoreInfo.Size("page") is long pageSize)
        {
            ulong perSection = 1UL << (int)(bits - 12);
            ulong maxPfn = kernel.Dump.MaxPfn;
            for (ulong pfn = 0; pfn < maxPfn; pfn += perSection)
            {
                if (Mm.PfnToPage(kernel, pfn) is ulong map)
                    list.Add(new KernelVirtualRange(map, map + perSection * (ulong)pageSize, KernelRangeKind.Vmemmap));
            }
        }
        // The kernel image mapping. crash's KVADDR_START_MAP starts at __START_KERNEL_map and translates it by
        // formula, so it also "finds" the physical memory below the image there, which the kernel unmapped
        // (cleanup_highmap); here the range is the image itself, translated through the page tables.
        if (kernel.SymbolAddress("_text") is ulong text && kernel.SymbolAddress("_end") is ulong endSym && endSym > text)
            list.Add(new KernelVirtualRange(text & ~0xfffUL, (endSym + 0xfff) & ~0xfffUL, KernelRangeKind.StartMap));
        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<KernelVirtualRange>(list.Count);
        foreach (var r in list)
        {
            if (merged.Count > 0 && merged[^1].Kind == r.Kind && merged[^1].End >= r.Start)
            {
                if (r.End > merged[^1].End)
                    merged[^1] = merged[^1] with { End = r.End };
                continue;
            }
            merged.Add(r);
        }
        return merged;
    }
}
