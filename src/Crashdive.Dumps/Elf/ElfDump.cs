using Crashdive.Dumps.Notes;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Elf;

/// <summary>An ELF core dump: /proc/vmcore copies, makedumpfile -E, QEMU dump-guest-memory, /proc/kcore.</summary>
public sealed class ElfDump : DumpFile
{
    private ElfDump(IFileSource source) : base(source) { }

    /// <summary>Reads the ELF header, program headers and notes of <paramref name="source"/>.</summary>
    public static ElfDump Open(IFileSource source) =>
        throw new DumpFormatException(source.Path, 0, "ELF dumps: not implemented yet");

    /// <inheritdoc/>
    public override DumpFormat Format => DumpFormat.Elf;

    /// <inheritdoc/>
    public override int PageSize => 4096;

    /// <inheritdoc/>
    public override IReadOnlyList<PhysicalRange> Ranges => [];

    /// <inheritdoc/>
    public override DumpNotes Notes => DumpNotes.Empty;

    /// <inheritdoc/>
    public override PageStatus GetPageStatus(ulong pfn) => PageStatus.NotInDump;

    /// <inheritdoc/>
    public override MemoryFaultException? TryReadPage(ulong pfn, Span<byte> page) =>
        new(pfn * 4096, MemoryFaultKind.NotInDump, "");

    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<string, string>> Describe() => [];
}
