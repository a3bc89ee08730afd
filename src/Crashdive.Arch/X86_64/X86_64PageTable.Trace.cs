namespace Crashdive.Arch.X86_64;

public sealed partial class X86_64PageTable
{
    /// <summary>
    /// Physical-address mask crash applies to entries: 46 bits with 4-level paging, 52 with 5-level
    /// (<c>__PHYSICAL_MASK_SHIFT</c>), page-aligned. Display uses it so the numbers match crash's.
    /// </summary>
    public ulong DisplayPhysicalMask => (FiveLevel ? (1UL << 52) - 1 : (1UL << 46) - 1) & ~0xfffUL;

    /// <summary>
    /// Walks <paramref name="virt"/> step by step and records every entry read, for <c>vtop</c>.
    /// Not for hot paths (allocates a small list); <see cref="TryTranslate"/> is the fast walk.
    /// </summary>
    public X86_64PageWalk Trace(ulong virt)
    {
        var steps = new List<X86_64PageWalkStep>(5);
        ulong mask = DisplayPhysicalMask;
        ulong table = Root;
        int levels = FiveLevel ? 5 : 4;
        for (int level = levels; level >= 1; level--)
        {
            int shift = 12 + 9 * (level - 1);
            ulong entryAddr = table + ((virt >> shift) & 0x1ff) * 8;
            if (!_phys.TryRead(entryAddr, out ulong entry))
                return new X86_64PageWalk(virt, steps, false, 0, 0, table, TableWhat(level, levels));
            steps.Add(new X86_64PageWalkStep(LevelLabel(level, levels), entryAddr, entry));
            if ((entry & Present) == 0)
                return new X86_64PageWalk(virt, steps, false, 0, 0, null, "");
            bool large = (level == 2 || level == 3) && (entry & PageSizeBit) != 0;
            if (level == 1 || large)
            {
                ulong pageSize = 1UL << shift;
                // crash adds the offset within the page to the 4 KiB-aligned base of the entry.
                ulong phys = (entry & mask) + (virt & (pageSize - 1));
                return new X86_64PageWalk(virt, steps, true, pageSize, phys, null, "");
            }
            table = entry & mask;
        }
        return new X86_64PageWalk(virt, steps, false, 0, 0, null, "");
    }

    private static string LevelLabel(int level, int levels) => level switch
    {
        5 => "PGD",
        4 => levels == 5 ? "P4D" : "PGD",
        3 => "PUD",
        2 => "PMD",
        _ => "PTE",
    };

    // crash's readmem type strings for the table pages (FILL_PGD, FILL_P4D, FILL_PUD, FILL_PMD, FILL_PTBL).
    private static string TableWhat(int level, int levels) => level switch
    {
        5 => "pgd page",
        4 => levels == 5 ? "p4d page" : "pgd page",
        3 => "pud page",
        2 => "pmd page",
        _ => "page table",
    };
}
