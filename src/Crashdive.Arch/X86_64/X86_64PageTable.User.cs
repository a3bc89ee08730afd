namespace Crashdive.Arch.X86_64;

/// <summary>The outcome of <see cref="X86_64PageTable.TranslateUser"/> for one user page.</summary>
public enum UserPageState
{
    /// <summary>Mapped: the physical address is known.</summary>
    Mapped,

    /// <summary>Not mapped; the last entry read (a PTE that is not present) may hold a swap entry.</summary>
    NotPresent,

    /// <summary>A page-table page on the way is not in the dump.</summary>
    TableUnreadable,
}

public sealed partial class X86_64PageTable
{
    private const ulong ProtNone = 1UL << 8;

    /// <summary>
    /// crash's <c>x86_64_uvtop_level4</c> for a user address, allocating nothing: a PMD or PTE with
    /// <c>_PAGE_PROTNONE</c> counts as mapped (NUMA hinting), large pages are followed, and for a PTE that
    /// is not present <paramref name="entry"/> is that PTE (a swap or migration entry when non-zero; 0 when
    /// an upper level is not present). <paramref name="phys"/> is masked as crash displays it.
    /// </summary>
    public UserPageState TranslateUser(ulong virt, out ulong phys, out ulong entry)
    {
        phys = 0;
        entry = 0;
        ulong mask = DisplayPhysicalMask;
        ulong table = Root;
        int levels = FiveLevel ? 5 : 4;
        for (int level = levels; level >= 1; level--)
        {
            int shift = 12 + 9 * (level - 1);
            if (!_phys.TryRead(table + ((virt >> shift) & 0x1ff) * 8, out ulong e))
                return UserPageState.TableUnreadable;
            ulong presentBits = level <= 2 ? Present | ProtNone : Present;
            if ((e & presentBits) == 0)
            {
                entry = level == 1 ? e : 0;
                return UserPageState.NotPresent;
            }
            bool large = (level == 2 || level == 3) && (e & PageSizeBit) != 0;
            if (level == 1 || large)
            {
                ulong pageSize = 1UL << shift;
                phys = (e & mask & ~(pageSize - 1)) + (virt & (pageSize - 1));
                entry = e;
                return UserPageState.Mapped;
            }
            table = e & mask;
        }
        return UserPageState.NotPresent;
    }
}
