using Crashdive.Kernel;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// The present sparse-memory sections (CONFIG_SPARSEMEM_EXTREME: <c>mem_section</c> is an array of
/// root pointers, each to a page of <c>struct mem_section</c>), located through VMCOREINFO, in
/// section-number order. A section counts as present when its <c>section_mem_map</c> has SECTION_MARKED_PRESENT
/// (crash's valid_section), as in <c>kmem -n</c>.
/// </summary>
public static class MemorySections
{
    // The low bits of section_mem_map are flags (SECTION_MAP_LAST_BIT is 5 on 5.x-6.x kernels).
    private const ulong FlagMask = 0x1f;

    /// <summary>The present sections of <paramref name="kernel"/>; roots that are NULL or unreadable are skipped.</summary>
    public static IEnumerable<MemorySection> Present(KernelProgram kernel)
    {
        var vi = kernel.VmcoreInfo ?? throw new MmException("the dump has no VMCOREINFO: sparse memory sections unknown");
        ulong root = vi.Symbol("mem_section") ?? throw new MmException("VMCOREINFO lacks SYMBOL(mem_section)");
        long roots = vi.Length("mem_section") ?? throw new MmException("VMCOREINFO lacks LENGTH(mem_section)");
        long size = vi.Size("mem_section") ?? throw new MmException("VMCOREINFO lacks SIZE(mem_section)");
        long pageStruct = vi.Size("page") ?? throw new MmException("VMCOREINFO lacks SIZE(page)");
        long bits = vi.Number("SECTION_SIZE_BITS") ?? throw new MmException("VMCOREINFO lacks NUMBER(SECTION_SIZE_BITS)");
        long mapOffset = vi.Offset("mem_section.section_mem_map") ?? 0;
        if (roots <= 0 || roots > 1 << 24 || size <= 0 || size > 4096 || bits < 12 || bits > 63 || pageStruct <= 0)
            throw new MmException("VMCOREINFO gives insane sparse memory constants");
        ulong perRoot = (ulong)(kernel.Dump.PageSize / size);
        int shift = (int)bits - 12;
        var mem = kernel.Memory;
        for (ulong r = 0; r < (ulong)roots; r++)
        {
            if (!mem.TryReadPointer(root + r * 8, out ulong table) || table == 0 || !kernel.Regions.IsKernelVirtual(table))
                continue;
            for (ulong i = 0; i < perRoot; i++)
            {
                ulong section = table + i * (ulong)size;
                if (!mem.TryRead(section + (ulong)mapOffset, out ulong raw) || (raw & 1) == 0)
                    continue;
                ulong nr = r * perRoot + i;
                ulong pfn = nr << shift;
                ulong coded = raw & ~FlagMask;
                yield return new MemorySection(nr, section, coded, unchecked(coded + pfn * (ulong)pageStruct), raw & FlagMask, pfn);
            }
        }
    }
}
