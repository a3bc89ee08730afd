using System.Numerics;
using System.Text;
using Crashdive.Dumps.Notes;
using Crashdive.Dumps.Sources;

namespace Crashdive.Dumps.Kdump;

public sealed partial class KdumpDump
{
    private const int MinBlockSize = 1024;
    private const int MaxBlockSize = 256 * 1024;
    private const ulong MaxNoteBytes = 64 << 20;
    private const ulong MaxVmcoreInfoBytes = 1 << 20;
    private const int PhysicalAddressBits = 52; // x86-64 and arm64 architectural maximum

    // Field offsets inside the two headers, for messages.
    private const long OffsetHeaderVersion = 8;
    private const long OffsetBlockSize = 428;
    private const long OffsetSubHdrSize = 432;
    private const long OffsetBitmapBlocks = 436;
    private const long OffsetMaxMapnr = 440;
    private const long SubOffsetSplit = 12;
    private const long SubOffsetVmcoreinfo = 32;
    private const long SubOffsetNote = 48;
    private const long SubOffsetMaxMapnr64 = 96;

    /// <summary>Reads the headers, bitmaps and notes of <paramref name="source"/>; refuses a malformed file with one line.</summary>
    public static KdumpDump Open(IFileSource source)
    {
        string path = source.Path;
        long fileLength = source.Length;
        var h = source.ReadStruct<DiskDumpHeader>(0, "disk_dump_header");
        unsafe
        {
            var sig = new ReadOnlySpan<byte>(h.Signature, 8);
            if (!sig.SequenceEqual(Signature))
                throw new DumpFormatException(path, 0,
                    $"not a kdump-compressed dump: signature {Convert.ToHexString(sig).ToLowerInvariant()} is not \"KDUMP   \"");
        }
        if (h.HeaderVersion < 1)
            throw new DumpFormatException(path, OffsetHeaderVersion,
                $"header_version {h.HeaderVersion} is not supported (kdump-compressed dumps have version 1 or later)");
        int bs = h.BlockSize;
        if (bs < MinBlockSize || bs > MaxBlockSize || !BitOperations.IsPow2(bs))
            throw new DumpFormatException(path, OffsetBlockSize,
                $"block_size {bs} is not a power of two from {MinBlockSize} to {MaxBlockSize}");
        if (h.SubHeaderBlocks < 1)
            throw new DumpFormatException(path, OffsetSubHdrSize,
                $"sub_hdr_size {h.SubHeaderBlocks}: a kdump header of version {h.HeaderVersion} needs at least one block of sub-header");
        var sub = source.ReadStruct<KdumpSubHeader>(bs, "kdump_sub_header").ForVersion(h.HeaderVersion);
        var (notes, vmcoreInfo) = ReadNotes(source, bs, sub);

        // max_mapnr: the 32-bit header field is obsolete from version 6, where it holds
        // MIN(max_mapnr, UINT_MAX) and the full value is in the sub-header.
        ulong maxMapnr = h.MaxMapnr;
        long maxMapnrField = OffsetMaxMapnr;
        if (h.HeaderVersion >= 6 && sub.MaxMapnr64 != 0 && (h.MaxMapnr == 0 || sub.MaxMapnr64 >= h.MaxMapnr))
        {
            maxMapnr = sub.MaxMapnr64;
            maxMapnrField = bs + SubOffsetMaxMapnr64;
        }
        if (maxMapnr == 0)
            throw new DumpFormatException(path, maxMapnrField, "max_mapnr is 0: the dump describes no memory");
        ulong maxPfnBound = 1UL << (PhysicalAddressBits - BitOperations.Log2((uint)bs));
        if (maxMapnr > maxPfnBound)
            throw new DumpFormatException(path, maxMapnrField,
                $"max_mapnr {maxMapnr} is beyond {PhysicalAddressBits} bits of physical address space");

        // Bitmaps: makedumpfile writes two of bitmap_blocks/2 blocks each (RAM, then dumped pages);
        // a file whose bitmap area holds only one (old diskdump) uses it for both, as crash does.
        if (h.BitmapBlocks == 0)
            throw new DumpFormatException(path, OffsetBitmapBlocks, "bitmap_blocks is 0");
        long bitmapBytes = (long)h.BitmapBlocks * bs;
        long neededBytes = (long)((maxMapnr + 7) / 8);
        long neededBlocks = (neededBytes + bs - 1) / bs;
        bool twoBitmaps = h.BitmapBlocks >= 2 * neededBlocks;
        if (!twoBitmaps && h.BitmapBlocks < neededBlocks)
            throw new DumpFormatException(path, OffsetBitmapBlocks,
                $"bitmap_blocks {h.BitmapBlocks} cannot hold a bitmap of max_mapnr {maxMapnr} pages ({neededBlocks} blocks each)");
        if (neededBytes > Array.MaxLength)
            throw new DumpFormatException(path, maxMapnrField, $"max_mapnr {maxMapnr} needs bitmaps larger than 2 GiB");
        long bitmapOffset = (1L + h.SubHeaderBlocks) * bs;
        if (bitmapOffset + bitmapBytes > fileLength)
            throw new DumpFormatException(path, fileLength,
                $"file is truncated or sub_hdr_size/bitmap_blocks is wrong: the bitmaps ({h.BitmapBlocks} blocks at 0x{bitmapOffset:x}) end at 0x{bitmapOffset + bitmapBytes:x}, the file at 0x{fileLength:x}");
        var ram = KdumpBitmap.Read(source, bitmapOffset, maxMapnr, "RAM bitmap");
        var dumped = twoBitmaps ? KdumpBitmap.Read(source, bitmapOffset + bitmapBytes / 2, maxMapnr, "dumped-pages bitmap") : ram;

        // A split dump holds the pages of [start_pfn, end_pfn) only; descriptors count from start_pfn.
        ulong startPfn = 0, endPfn = maxMapnr;
        if (sub.Split != 0)
        {
            startPfn = h.HeaderVersion >= 6 ? sub.StartPfn64 : sub.StartPfn;
            endPfn = h.HeaderVersion >= 6 ? sub.EndPfn64 : sub.EndPfn;
            if (startPfn >= endPfn || endPfn > maxMapnr)
                throw new DumpFormatException(path, bs + SubOffsetSplit,
                    $"split dump range start_pfn {startPfn} to end_pfn {endPfn} is empty or beyond max_mapnr {maxMapnr}");
        }
        long rankBase = dumped.Rank(startPfn);
        long descCount = dumped.Rank(endPfn) - rankBase;
        long descOffset = bitmapOffset + bitmapBytes;
        bool incomplete = (h.Status & KdumpFlags.CompressedIncomplete) != 0;
        if (descOffset + descCount * PageDesc.Size > fileLength && !incomplete)
            throw new DumpFormatException(path, fileLength,
                $"file is truncated: the page descriptor table needs {descCount} entries ({descCount * PageDesc.Size} bytes) at 0x{descOffset:x}, the file ends at 0x{fileLength:x}");

        return new KdumpDump(source, new Layout(h, sub, maxMapnr, maxMapnrField != OffsetMaxMapnr, twoBitmaps,
            startPfn, endPfn, rankBase, descOffset, descCount, incomplete), ram, dumped, notes, vmcoreInfo);
    }

    private static (DumpNotes Notes, string? VmcoreInfo) ReadNotes(IFileSource source, int bs, KdumpSubHeader sub)
    {
        string path = source.Path;
        long fileLength = source.Length;
        var notes = DumpNotes.Empty;
        if (sub.OffsetNote != 0 && sub.SizeNote != 0)
        {
            CheckArea(path, fileLength, bs + SubOffsetNote, "offset_note", "size_note", sub.OffsetNote, sub.SizeNote, MaxNoteBytes);
            var buf = new byte[sub.SizeNote];
            source.ReadExactly(sub.OffsetNote, buf, "ELF note area");
            notes = DumpNotes.Parse(buf, path, sub.OffsetNote);
        }
        string? vmcoreInfo = null;
        if (sub.OffsetVmcoreinfo != 0 && sub.SizeVmcoreinfo != 0)
        {
            CheckArea(path, fileLength, bs + SubOffsetVmcoreinfo, "offset_vmcoreinfo", "size_vmcoreinfo",
                sub.OffsetVmcoreinfo, sub.SizeVmcoreinfo, MaxVmcoreInfoBytes);
            var buf = new byte[sub.SizeVmcoreinfo];
            source.ReadExactly(sub.OffsetVmcoreinfo, buf, "VMCOREINFO");
            vmcoreInfo = Encoding.ASCII.GetString(buf).TrimEnd('\0');
        }
        return (notes, vmcoreInfo);
    }

    private static void CheckArea(string path, long fileLength, long field, string offsetName, string sizeName,
        long offset, ulong size, ulong maxSize)
    {
        if (size > maxSize)
            throw new DumpFormatException(path, field + 8, $"{sizeName} {size} is absurd (more than {maxSize} bytes)");
        if (offset < 0)
            throw new DumpFormatException(path, field, $"{offsetName} 0x{offset:x} is negative");
        if ((ulong)offset + size > (ulong)fileLength)
            throw new DumpFormatException(path, field,
                $"file is truncated or {offsetName} is wrong: {size} bytes at {offsetName} 0x{offset:x} run past the end of the file at 0x{fileLength:x}");
    }

    /// <summary>Where things are in the file, worked out once at open.</summary>
    private sealed record Layout(
        DiskDumpHeader Header,
        KdumpSubHeader Sub,
        ulong MaxMapnr,
        bool MaxMapnrFrom64,
        bool TwoBitmaps,
        ulong StartPfn,
        ulong EndPfn,
        long RankBase,
        long DescOffset,
        long DescCount,
        bool Incomplete);
}
