using Crashdive.Dumps.Notes;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Kdump;

/// <summary>A kdump-compressed dump (disk_dump_header "KDUMP   ").</summary>
public sealed class KdumpDump : DumpFile
{
    /// <summary>The 8-byte signature of disk_dump_header.</summary>
    public static ReadOnlySpan<byte> Signature => "KDUMP   "u8;

    private KdumpDump(IFileSource source) : base(source) { }

    /// <summary>Reads the headers, bitmaps and notes of <paramref name="source"/>.</summary>
    public static KdumpDump Open(IFileSource source) =>
        throw new DumpFormatException(source.Path, 0, "kdump-compressed dumps: not implemented yet");

    /// <inheritdoc/>
    public override DumpFormat Format => DumpFormat.Kdump;

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
