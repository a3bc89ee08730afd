namespace Crashdive.Helpers.Mm;

/// <summary>One present sparse-memory section (<c>struct mem_section</c>).</summary>
/// <param name="Number">The section number (its first pfn is <c>Number &lt;&lt; PFN_SECTION_SHIFT</c>).</param>
/// <param name="Address">Address of the <c>struct mem_section</c>.</param>
/// <param name="Coded"><c>section_mem_map</c> without its flag bits: <c>mem_map - first pfn</c>, encoded.</param>
/// <param name="MemMap">The section's first <c>struct page</c> (coded map plus the first pfn's page).</param>
/// <param name="State">The flag bits of <c>section_mem_map</c> (SECTION_MARKED_PRESENT, HAS_MEM_MAP, IS_ONLINE, IS_EARLY, TAINT_ZONE_DEVICE).</param>
/// <param name="FirstPfn">The section's first page frame.</param>
public readonly record struct MemorySection(ulong Number, ulong Address, ulong Coded, ulong MemMap, ulong State, ulong FirstPfn);
