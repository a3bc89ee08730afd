using Crashdive.Dumps;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Mm;

/// <summary>
/// Memory-management helpers: page frame to <c>struct page</c> through the sparse memory sections, and
/// the fields of a <c>struct page</c>. Everything is located through VMCOREINFO (which every kernel
/// since 2.6.24 writes for makedumpfile), so no type information is needed.
/// </summary>
public static class Mm
{
    // struct mem_section.section_mem_map keeps flags in its low bits (SECTION_MARKED_PRESENT = bit 0,
    // SECTION_HAS_MEM_MAP = bit 1, ...); the encoded map is at least 64-byte aligned (mm/sparse.c).
    private const ulong SectionMarkedPresent = 1UL << 0;
    private const ulong SectionHasMemMap = 1UL << 1;
    private const ulong SectionMapMask = ~0x3fUL;

    /// <summary>
    /// Address of the <c>struct page</c> for <paramref name="pfn"/>, or null when its memory section is
    /// not present. Assumes CONFIG_SPARSEMEM_EXTREME (always set on x86-64): VMCOREINFO's
    /// <c>SYMBOL(mem_section)</c> is then the root array itself. Throws <see cref="MmException"/> when
    /// VMCOREINFO lacks the sparse-memory entries.
    /// </summary>
    public static ulong? PfnToPage(KernelProgram kernel, ulong pfn)
    {
        var s = Sections.Of(kernel);
        ulong nr = pfn >> s.PfnSectionShift;
        ulong root = nr / s.SectionsPerRoot;
        if (root >= s.Roots)
            return null;
        var mem = kernel.Memory;
        if (!mem.TryReadPointer(s.RootArray + root * 8, out ulong rootTable) || rootTable == 0
            || !kernel.Regions.IsKernelVirtual(rootTable))
            return null;
        ulong section = rootTable + (nr % s.SectionsPerRoot) * s.SectionSize;
        if (!mem.TryRead(section + s.MemMapOffset, out ulong coded))
            return null;
        if ((coded & SectionMarkedPresent) == 0 || (coded & SectionHasMemMap) == 0)
            return null;
        // The encoded map is mem_map - section_start_pfn, so adding the pfn gives the page directly.
        return unchecked((coded & SectionMapMask) + pfn * s.PageSize);
    }

    /// <summary>
    /// Reads the <c>struct page</c> at <paramref name="page"/> (which describes <paramref name="pfn"/>).
    /// Offsets come from VMCOREINFO; <c>page.index</c>, which VMCOREINFO does not give, is taken as the
    /// word after <c>page.mapping</c>, where it has been in every kernel (replace with the DWARF member
    /// offset once types are available). Throws <see cref="MemoryFaultException"/> when unreadable.
    /// </summary>
    public static PageDescriptor ReadPage(KernelProgram kernel, ulong page, ulong pfn)
    {
        var s = Sections.Of(kernel);
        var mem = kernel.Memory;
        ulong flags = mem.Read<ulong>(page + s.FlagsOffset);
        ulong mapping = mem.Read<ulong>(page + s.MappingOffset);
        ulong index = mem.Read<ulong>(page + s.MappingOffset + 8);
        int refcount = mem.Read<int>(page + s.RefCountOffset);
        return new PageDescriptor(page, pfn, flags, mapping, index, refcount);
    }

    /// <summary>
    /// Bytes of memory in all NUMA nodes, as crash totals it (<c>total_node_memory</c>): each node's
    /// present pages, or its spanned pages when none are counted present. Nodes come from VMCOREINFO's
    /// <c>node_data</c> array (or <c>contig_page_data</c> without NUMA). <c>node_present_pages</c>, which
    /// VMCOREINFO does not give, is the word between <c>node_start_pfn</c> and <c>node_spanned_pages</c>,
    /// where it has always been; when those two are not one word apart, spanned pages are used.
    /// Null when VMCOREINFO lacks the node entries.
    /// </summary>
    public static ulong? TotalNodeMemory(KernelProgram kernel) => kernel.Cached(ComputeNodeMemory).Bytes;

    private sealed record NodeMemory(ulong? Bytes);

    private static NodeMemory ComputeNodeMemory(KernelProgram kernel)
    {
        var vi = kernel.VmcoreInfo;
        if (vi?.Offset("pglist_data.node_start_pfn") is not long startOff || vi.Offset("pglist_data.node_spanned_pages") is not long spannedOff)
            return new NodeMemory(null);
        var nodes = new List<ulong>();
        var mem = kernel.Memory;
        if (vi.Symbol("node_data") is ulong nodeData && vi.Length("node_data") is long count && count > 0 && count <= 1 << 16)
        {
            for (long i = 0; i < count; i++)
            {
                if (mem.TryReadPointer(nodeData + (ulong)i * 8, out ulong pgdat) && pgdat != 0)
                    nodes.Add(pgdat);
            }
        }
        else if (vi.Symbol("contig_page_data") is ulong contig)
        {
            nodes.Add(contig);
        }
        if (nodes.Count == 0)
            return new NodeMemory(null);
        ulong pageSize = (ulong)kernel.Dump.PageSize, total = 0;
        bool presentBetween = spannedOff - startOff == 16;
        foreach (ulong pgdat in nodes)
        {
            if (!mem.TryRead(pgdat + (ulong)spannedOff, out ulong spanned))
                return new NodeMemory(null);
            ulong present = 0;
            if (presentBetween && !mem.TryRead(pgdat + (ulong)startOff + 8, out present))
                return new NodeMemory(null);
            total = unchecked(total + (present != 0 ? present : spanned) * pageSize);
        }
        return new NodeMemory(total);
    }

    /// <summary>The sparse-memory constants of one kernel, from VMCOREINFO.</summary>
    private sealed class Sections
    {
        public required int PfnSectionShift { get; init; }
        public required ulong SectionsPerRoot { get; init; }
        public required ulong Roots { get; init; }
        public required ulong RootArray { get; init; }
        public required ulong SectionSize { get; init; }
        public required ulong MemMapOffset { get; init; }
        public required ulong PageSize { get; init; }
        public required ulong FlagsOffset { get; init; }
        public required ulong MappingOffset { get; init; }
        public required ulong RefCountOffset { get; init; }

        public static Sections Of(KernelProgram kernel) => kernel.Cached(Build);

        private static Sections Build(KernelProgram kernel)
        {
            var vi = kernel.VmcoreInfo ?? throw new MmException("the dump has no VMCOREINFO: sparse memory sections unknown");
            long Need(long? v, string what, long max) =>
                v is long x && x >= 0 && x <= max ? x : throw new MmException($"VMCOREINFO lacks a sane {what}");
            long sectionBits = Need(vi.Number("SECTION_SIZE_BITS"), "NUMBER(SECTION_SIZE_BITS)", 63);
            long sectionSize = Need(vi.Size("mem_section"), "SIZE(mem_section)", 4096);
            long pageSize = Need(vi.Size("page"), "SIZE(page)", 4096);
            if (sectionSize == 0 || pageSize == 0 || sectionBits < 12)
                throw new MmException("VMCOREINFO gives zero-sized mem_section or page");
            return new Sections
            {
                PfnSectionShift = (int)sectionBits - 12,
                SectionsPerRoot = (ulong)(kernel.Dump.PageSize / sectionSize),
                Roots = (ulong)Need(vi.Length("mem_section"), "LENGTH(mem_section)", 1 << 24),
                RootArray = vi.Symbol("mem_section") ?? throw new MmException("VMCOREINFO lacks SYMBOL(mem_section)"),
                SectionSize = (ulong)sectionSize,
                MemMapOffset = (ulong)Need(vi.Offset("mem_section.section_mem_map"), "OFFSET(mem_section.section_mem_map)", 4096),
                PageSize = (ulong)pageSize,
                FlagsOffset = (ulong)Need(vi.Offset("page.flags"), "OFFSET(page.flags)", 4096),
                MappingOffset = (ulong)Need(vi.Offset("page.mapping"), "OFFSET(page.mapping)", 4096),
                RefCountOffset = (ulong)Need(vi.Offset("page._refcount"), "OFFSET(page._refcount)", 4096),
            };
        }
    }
}
