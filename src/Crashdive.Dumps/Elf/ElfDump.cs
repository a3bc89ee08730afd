using Crashdive.Dumps.Notes;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Elf;

/// <summary>
/// An ELF core dump: /proc/vmcore copies, makedumpfile -E, QEMU dump-guest-memory (with and
/// without paging), /proc/kcore. Physical memory comes from the PT_LOADs that carry a physical
/// address; a file cut short opens, and the pages past its end fault (crash warns about a
/// truncated vmcore and goes on; so do we).
/// </summary>
public sealed partial class ElfDump : DumpFile
{
    private const int X86PageSize = 4096;

    private readonly ElfPhysicalMap _map;
    private readonly ElfSegment[] _loads;
    private readonly DumpNotes _notes;
    private readonly DumpFormat _format;
    private readonly HeaderFacts _facts;

    private ElfDump(IFileSource source, HeaderFacts facts, ElfSegment[] loads, DumpNotes notes, DumpFormat format, ElfProducer producer)
        : base(source)
    {
        _facts = facts;
        _loads = loads;
        _notes = notes;
        _format = format;
        Producer = producer;
        _map = ElfPhysicalMap.Build(loads);
    }

    /// <inheritdoc/>
    public override DumpFormat Format => _format;

    /// <inheritdoc/>
    public override int PageSize => X86PageSize;

    /// <inheritdoc/>
    public override IReadOnlyList<PhysicalRange> Ranges => _map.Ranges;

    /// <inheritdoc/>
    public override DumpNotes Notes => _notes;

    /// <summary>Every PT_LOAD in program header order, with its virtual and (when it has one) physical address.</summary>
    public IReadOnlyList<ElfSegment> Segments => _loads;

    /// <summary>Which program most likely wrote the file.</summary>
    public ElfProducer Producer { get; }

    /// <summary>True when some PT_LOAD's data runs past the end of the file.</summary>
    public bool IsTruncated => _facts.ExpectedLength > Source.Length;

    /// <inheritdoc/>
    public override PageStatus GetPageStatus(ulong pfn)
    {
        if (pfn > MaxPagedFrame)
            return PageStatus.NotInDump;
        var r = _map.Read(Source, pfn * X86PageSize, X86PageSize, Span<byte>.Empty, out _, out _);
        return r == ElfPageResult.Present ? PageStatus.Present : PageStatus.NotInDump;
    }

    /// <inheritdoc/>
    public override MemoryFaultException? TryReadPage(ulong pfn, Span<byte> page)
    {
        if (page.Length < X86PageSize)
            throw new ArgumentException($"page buffer is {page.Length} bytes, need {X86PageSize}", nameof(page));
        if (pfn > MaxPagedFrame)
            return new MemoryFaultException(pfn, MemoryFaultKind.NotInDump, "page frame number beyond the 64-bit physical address space");
        ulong address = pfn * X86PageSize;
        var r = _map.Read(Source, address, X86PageSize, page[..X86PageSize], out ulong at, out string? error);
        return r switch
        {
            ElfPageResult.Present => null,
            ElfPageResult.NotCovered => new MemoryFaultException(address, MemoryFaultKind.NotInDump, ""),
            ElfPageResult.PartlyCovered => new MemoryFaultException(at, MemoryFaultKind.NotInDump,
                $"page only partly covered by PT_LOAD segments: nothing at offset 0x{at - address:x} of the page"),
            ElfPageResult.PastEndOfFile => new MemoryFaultException(at, MemoryFaultKind.NotInDump, "past end of file (truncated dump)"),
            _ => new MemoryFaultException(at, MemoryFaultKind.Corrupt, error ?? "read error"),
        };
    }

    private const ulong MaxPagedFrame = (ulong.MaxValue / X86PageSize) - 1;

    /// <summary>What the headers said, kept for <see cref="Describe"/>.</summary>
    private sealed record HeaderFacts(
        ushort Machine,
        ushort EhSize,
        ulong PhOff,
        int PhCount,
        bool PhCountFromSection0,
        int NoteSegments,
        long NoteBytes,
        int OtherHeaders,
        long ExpectedLength,
        bool PathIsProcKcore);
}
