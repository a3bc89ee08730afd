using System.Runtime.InteropServices;
using Crashdive.Dumps.Codecs;
using Crashdive.Dumps.Notes;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Kdump;

/// <summary>
/// A kdump-compressed dump (disk_dump_header "KDUMP   "), as makedumpfile -c/-l/-p/-z and QEMU's
/// dump-guest-memory kdump-* write it: header block, sub-header with ELF notes, RAM bitmap,
/// dumped-pages bitmap, one page_desc_t per dumped page (in pfn order), then page data.
/// Thread-safe; page reads allocate nothing unless they fail.
/// </summary>
public sealed partial class KdumpDump : DumpFile
{
    /// <summary>The 8-byte signature of disk_dump_header.</summary>
    public static ReadOnlySpan<byte> Signature => "KDUMP   "u8;

    /// <summary>Most ranges reported; a bitmap of more runs (only a damaged one) is summarised by bridging the smallest gaps.</summary>
    private const int MaxRanges = 65536;

    private readonly Layout _layout;
    private readonly KdumpBitmap _ram;
    private readonly KdumpBitmap _dumped;
    private readonly DumpNotes _notes;
    private readonly string? _vmcoreInfo;
    private readonly int _blockSize;
    private readonly ThreadLocal<PageScratch> _scratch;
    private IReadOnlyList<PhysicalRange>? _ranges;

    private KdumpDump(IFileSource source, Layout layout, KdumpBitmap ram, KdumpBitmap dumped, DumpNotes notes, string? vmcoreInfo)
        : base(source)
    {
        _layout = layout;
        _ram = ram;
        _dumped = dumped;
        _notes = notes;
        _vmcoreInfo = vmcoreInfo;
        _blockSize = layout.Header.BlockSize;
        int bs = _blockSize;
        _scratch = new ThreadLocal<PageScratch>(() => new PageScratch(bs), trackAllValues: true);
    }

    /// <inheritdoc/>
    public override DumpFormat Format => DumpFormat.Kdump;

    /// <inheritdoc/>
    public override int PageSize => _blockSize;

    /// <inheritdoc/>
    public override DumpNotes Notes => _notes;

    /// <summary>The text at offset_vmcoreinfo, or else the VMCOREINFO note.</summary>
    public override string? VmcoreInfo => _vmcoreInfo ?? _notes.VmcoreInfo;

    /// <summary>max_mapnr of the header (the 64-bit one from version 6).</summary>
    public override ulong MaxPfn => _layout.MaxMapnr;

    /// <summary>True when the header says the dump was cut short (DUMP_DH_COMPRESSED_INCOMPLETE).</summary>
    public bool IsIncomplete => _layout.Incomplete;

    /// <summary>The physical ranges marked RAM in the first bitmap.</summary>
    public override IReadOnlyList<PhysicalRange> Ranges => _ranges ??= BuildRanges();

    /// <inheritdoc/>
    public override PageStatus GetPageStatus(ulong pfn)
    {
        if (!_ram.IsSet(pfn))
            return PageStatus.NotInDump;
        if (!_dumped.IsSet(pfn))
            return PageStatus.Excluded;
        if (pfn < _layout.StartPfn || pfn >= _layout.EndPfn)
            return PageStatus.NotInDump;
        if (_layout.Incomplete && DescriptorOffset(pfn) + PageDesc.Size > Source.Length)
            return PageStatus.NotInDump;
        return PageStatus.Present;
    }

    /// <inheritdoc/>
    public override MemoryFaultException? TryReadPage(ulong pfn, Span<byte> page)
    {
        if (page.Length != _blockSize)
            throw new ArgumentException($"a page buffer must be {_blockSize} bytes, not {page.Length}", nameof(page));
        if (pfn >= _layout.MaxMapnr)
            return Fault(pfn, MemoryFaultKind.NotInDump, $"pfn 0x{pfn:x} is beyond max_mapnr 0x{_layout.MaxMapnr:x}");
        if (!_ram.IsSet(pfn))
            return Fault(pfn, MemoryFaultKind.NotInDump, "not RAM according to the dump's bitmap");
        if (!_dumped.IsSet(pfn))
            return Fault(pfn, MemoryFaultKind.Excluded, $"left out when the dump was made (dump_level {_layout.Sub.DumpLevel})");
        if (pfn < _layout.StartPfn || pfn >= _layout.EndPfn)
            return Fault(pfn, MemoryFaultKind.NotInDump,
                $"in another part of a split dump (this part holds pfn 0x{_layout.StartPfn:x}-0x{_layout.EndPfn - 1:x})");

        long descOffset = DescriptorOffset(pfn);
        PageDesc desc = default;
        var descBytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref desc, 1));
        if (Source.ReadAt(descOffset, descBytes) != PageDesc.Size)
            return _layout.Incomplete
                ? Fault(pfn, MemoryFaultKind.NotInDump, $"incomplete dump: the page descriptor at 0x{descOffset:x} was never written")
                : Fault(pfn, MemoryFaultKind.Corrupt, $"the page descriptor at 0x{descOffset:x} lies past the end of the file");
        if (desc.Offset == 0)
            return _layout.Incomplete
                ? Fault(pfn, MemoryFaultKind.NotInDump, $"incomplete dump: the page was never written (descriptor at 0x{descOffset:x})")
                : Fault(pfn, MemoryFaultKind.Corrupt, $"the page descriptor at 0x{descOffset:x} has data offset 0");
        var codec = KdumpFlags.Codec(desc.Flags);
        if (codec is not PageCompression kind)
            return Fault(pfn, MemoryFaultKind.Corrupt,
                $"the page descriptor at 0x{descOffset:x} has flags 0x{desc.Flags:x}, naming more than one compression");
        if (desc.DataSize == 0 || desc.DataSize > (uint)_blockSize)
            return Fault(pfn, MemoryFaultKind.Corrupt,
                $"the page descriptor at 0x{descOffset:x} gives {desc.DataSize} bytes of data (block_size {_blockSize})");
        int size = (int)desc.DataSize;
        if (desc.Offset < 0 || desc.Offset > Source.Length - size)
            return _layout.Incomplete
                ? Fault(pfn, MemoryFaultKind.NotInDump, $"incomplete dump: the page data at 0x{desc.Offset:x} was never written")
                : Fault(pfn, MemoryFaultKind.Corrupt,
                    $"the page descriptor at 0x{descOffset:x} points at 0x{desc.Offset:x} ({size} bytes), outside the file (length 0x{Source.Length:x})");

        var scratch = _scratch.Value!;
        var data = scratch.Compressed.AsSpan(0, size);
        int got = Source.ReadAt(desc.Offset, data);
        if (got != size)
            return Fault(pfn, MemoryFaultKind.Corrupt, $"short read of page data at file offset 0x{desc.Offset:x}: {got} of {size} bytes");
        var status = scratch.Decoder.Decompress(kind, data, page, out string? error);
        return status switch
        {
            DecodeStatus.Ok => null,
            DecodeStatus.Unsupported => Fault(pfn, MemoryFaultKind.Unsupported, error ?? ""),
            _ => Fault(pfn, MemoryFaultKind.Corrupt,
                $"{PageDecompressor.Name(kind)} page at file offset 0x{desc.Offset:x} ({size} bytes): {error}"),
        };
    }

    // The descriptor of a dumped page: its rank among the dumped pages of this file's pfn range.
    private long DescriptorOffset(ulong pfn) =>
        _layout.DescOffset + (_dumped.Rank(pfn) - _layout.RankBase) * PageDesc.Size;

    private MemoryFaultException Fault(ulong pfn, MemoryFaultKind kind, string detail) =>
        new(unchecked(pfn * (ulong)_blockSize), kind, detail);

    private List<PhysicalRange> BuildRanges()
    {
        for (ulong bridge = 0; ; bridge = bridge == 0 ? 1 : bridge * 2)
        {
            var ranges = new List<PhysicalRange>();
            ulong pfn = _ram.NextWith(0, true);
            while (pfn < _ram.Bits && ranges.Count <= MaxRanges)
            {
                ulong end = _ram.NextWith(pfn, false);
                // bridge holes shorter than `bridge` pages
                while (end < _ram.Bits)
                {
                    ulong next = _ram.NextWith(end, true);
                    if (next >= _ram.Bits || next - end > bridge)
                        break;
                    end = _ram.NextWith(next, false);
                }
                ranges.Add(new PhysicalRange(pfn * (ulong)_blockSize, end * (ulong)_blockSize));
                pfn = _ram.NextWith(end, true);
            }
            if (ranges.Count <= MaxRanges)
                return ranges;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var s in _scratch.Values)
                s.Decoder.Dispose();
            _scratch.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>What one thread needs to read pages: a buffer for compressed data and the codecs' state.</summary>
    private sealed class PageScratch(int blockSize)
    {
        public byte[] Compressed { get; } = new byte[blockSize];
        public PageDecompressor Decoder { get; } = new();
    }
}
