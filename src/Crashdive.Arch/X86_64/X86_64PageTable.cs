using Crashdive.Dumps;
using Crashdive.Memory;

namespace Crashdive.Arch.X86_64;

/// <summary>
/// The x86-64 page-table walk (4-level, or 5-level with LA57) from one root, reading table
/// entries from physical memory. 1 GiB and 2 MiB pages are followed; nothing is cached here
/// (<see cref="VirtualAddressSpace"/> caches translations).
/// </summary>
public sealed partial class X86_64PageTable : ITranslator
{
    /// <summary>Physical-address bits of an entry: 12..51.</summary>
    public const ulong AddressMask = 0x000f_ffff_ffff_f000UL;
    private const ulong Present = 1UL << 0;
    private const ulong PageSizeBit = 1UL << 7;

    private readonly MemoryReader _phys;

    /// <summary>Walks tables rooted at physical <paramref name="root"/> (CR3 without its flag and PCID bits).</summary>
    public X86_64PageTable(IAddressSpace physical, ulong root, bool fiveLevel)
    {
        _phys = new MemoryReader(physical, isPhysical: true);
        Root = root & AddressMask;
        FiveLevel = fiveLevel;
    }

    /// <summary>Physical address of the top-level table.</summary>
    public ulong Root { get; }

    /// <summary>True for 5-level paging (LA57).</summary>
    public bool FiveLevel { get; }

    /// <summary>True when <paramref name="virt"/> is canonical for this paging mode.</summary>
    public bool IsCanonical(ulong virt)
    {
        int bits = FiveLevel ? 57 : 48;
        long s = (long)(virt << (64 - bits)) >> (64 - bits);
        return (ulong)s == virt;
    }

    /// <inheritdoc/>
    public bool TryTranslate(ulong virt, out ulong phys, out ulong pageSize, out MemoryFaultException? fault)
    {
        phys = 0;
        pageSize = 0;
        if (!IsCanonical(virt))
        {
            fault = new MemoryFaultException(virt, MemoryFaultKind.NotMapped, "non-canonical address", isPhysical: false);
            return false;
        }
        ulong table = Root;
        int levels = FiveLevel ? 5 : 4;
        for (int level = levels; level >= 1; level--)
        {
            int shift = 12 + 9 * (level - 1);
            ulong index = (virt >> shift) & 0x1ff;
            ulong entryAddr = table + index * 8;
            if (!_phys.TryRead(entryAddr, out ulong entry))
            {
                fault = new MemoryFaultException(virt, MemoryFaultKind.NotMapped,
                    $"{LevelName(level, levels)} entry at physical {entryAddr:x} is not in the dump", isPhysical: false);
                return false;
            }
            if ((entry & Present) == 0)
            {
                fault = new MemoryFaultException(virt, MemoryFaultKind.NotMapped,
                    $"{LevelName(level, levels)} entry {entry:x} not present", isPhysical: false);
                return false;
            }
            bool large = (level == 2 || level == 3) && (entry & PageSizeBit) != 0;
            if (level == 1 || large)
            {
                pageSize = 1UL << shift;
                phys = (entry & AddressMask & ~(pageSize - 1)) | (virt & (pageSize - 1));
                fault = null;
                return true;
            }
            table = entry & AddressMask;
        }
        fault = new MemoryFaultException(virt, MemoryFaultKind.NotMapped, "page walk did not end", isPhysical: false);
        return false;
    }

    private static string LevelName(int level, int levels) => level switch
    {
        5 => "P4D root (PML5)",
        4 => levels == 5 ? "P4D" : "PGD",
        3 => "PUD",
        2 => "PMD",
        _ => "PTE",
    };
}
