namespace Crashdive.Arch.X86_64;

/// <summary>One table entry met on a page walk: its level, where it sits (physical) and its raw value.</summary>
/// <param name="Level">Table level name as crash prints it: <c>PGD</c> (the top), <c>P4D</c>, <c>PUD</c>, <c>PMD</c>, <c>PTE</c>.</param>
/// <param name="EntryAddress">Physical address of the entry.</param>
/// <param name="Entry">The entry's value.</param>
public readonly record struct X86_64PageWalkStep(string Level, ulong EntryAddress, ulong Entry);

/// <summary>
/// Every step of one page walk, for display (<c>vtop</c>): the entries read from the top table down
/// to the one that maps the page or the first that is not present.
/// </summary>
public sealed class X86_64PageWalk
{
    internal X86_64PageWalk(ulong virt, IReadOnlyList<X86_64PageWalkStep> steps, bool mapped, ulong pageSize,
        ulong physical, ulong? unreadableTable, string unreadableWhat)
    {
        Virtual = virt;
        Steps = steps;
        Mapped = mapped;
        PageSize = pageSize;
        Physical = physical;
        UnreadableTable = unreadableTable;
        UnreadableWhat = unreadableWhat;
    }

    /// <summary>The address walked.</summary>
    public ulong Virtual { get; }

    /// <summary>The entries read, top level first.</summary>
    public IReadOnlyList<X86_64PageWalkStep> Steps { get; }

    /// <summary>True when the last step maps a page.</summary>
    public bool Mapped { get; }

    /// <summary>Size of the page that maps the address (4 KiB, 2 MiB or 1 GiB) when <see cref="Mapped"/>.</summary>
    public ulong PageSize { get; }

    /// <summary>Physical address of <see cref="Virtual"/> when <see cref="Mapped"/>.</summary>
    public ulong Physical { get; }

    /// <summary>Physical address of a table the dump does not hold, when the walk stopped there; else null.</summary>
    public ulong? UnreadableTable { get; }

    /// <summary>What that table was, in crash's words (<c>pud page</c>, <c>page table</c>...).</summary>
    public string UnreadableWhat { get; }

    /// <summary>The last entry read (the leaf when <see cref="Mapped"/>), or null when none could be read.</summary>
    public X86_64PageWalkStep? Last => Steps.Count == 0 ? null : Steps[^1];
}
