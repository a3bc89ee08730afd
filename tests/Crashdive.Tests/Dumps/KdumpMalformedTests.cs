using Crashdive.Dumps;
using Crashdive.Dumps.Kdump;
using Crashdive.Tests.Support;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// Copies of a real kdump header, cut at each boundary or given absurd numbers: the file is refused
/// with one exact line; damage confined to one page faults that page only.
/// </summary>
public sealed class KdumpMalformedTests
{
    private const long StatusOffset = 424;
    private readonly KdumpImage _img = KdumpImage.Load("kdump/vmcore.kdump-zlib");

    private long Sub(long field) => _img.BlockSize + field;

    private static string Refusal(MemorySource s) =>
        Assert.Throws<DumpFormatException>(() => KdumpDump.Open(s)).Message;

    [Fact]
    public void TruncatedInTheHeader()
    {
        Assert.Equal("test.dump: offset 0x64: file is truncated: disk_dump_header needs 464 bytes at 0x0, the file ends after 100",
            Refusal(_img.Copy(100)));
    }

    [Fact]
    public void TruncatedAtTheSubHeader()
    {
        Assert.Equal($"test.dump: offset 0x{_img.BlockSize + 50:x}: file is truncated: kdump_sub_header needs 104 bytes at 0x{_img.BlockSize:x}, the file ends after 50",
            Refusal(_img.Copy(_img.BlockSize + 50)));
    }

    [Fact]
    public void TruncatedInTheNotes()
    {
        long note = _img.I64(Sub(48));
        long size = _img.I64(Sub(56));
        Assert.Equal($"test.dump: offset 0x{Sub(48):x}: file is truncated or offset_note is wrong: {size} bytes at offset_note 0x{note:x} run past the end of the file at 0x{note + 10:x}",
            Refusal(_img.Copy(note + 10)));
    }

    [Fact]
    public void TruncatedAtTheBitmaps()
    {
        long bitmapsEnd = _img.BitmapOffset + _img.BitmapBlocks * (long)_img.BlockSize;
        Assert.Equal($"test.dump: offset 0x{_img.BitmapOffset:x}: file is truncated or sub_hdr_size/bitmap_blocks is wrong: the bitmaps ({_img.BitmapBlocks} blocks at 0x{_img.BitmapOffset:x}) end at 0x{bitmapsEnd:x}, the file at 0x{_img.BitmapOffset:x}",
            Refusal(_img.Copy(_img.BitmapOffset)));
    }

    [Fact]
    public void TruncatedAtThePageDescriptors()
    {
        int n = _img.DumpedPfns.Count;
        Assert.Equal($"test.dump: offset 0x{_img.DescOffset + 100:x}: file is truncated: the page descriptor table needs {n} entries ({n * 24} bytes) at 0x{_img.DescOffset:x}, the file ends at 0x{_img.DescOffset + 100:x}",
            Refusal(_img.Copy(_img.DescOffset + 100)));
    }

    [Fact]
    public void IncompleteDumpCutInTheDescriptorsOpensAndSaysSo()
    {
        // DUMP_DH_COMPRESSED_INCOMPLETE: makedumpfile ran out of space; pages past the end are absent
        var s = _img.Copy(_img.DescOffset + 24 * 10 + 5);
        s.Put32(StatusOffset, (uint)_img.I32(StatusOffset) | 0x8);
        using var dump = KdumpDump.Open(s);
        Assert.True(dump.IsIncomplete);
        Assert.Contains("DUMP_DH_COMPRESSED_INCOMPLETE", dump.Describe().Single(kv => kv.Key == "status").Value);
        var page = new byte[4096];
        ulong late = _img.DumpedPfns[20];
        Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(late));
        var fault = dump.TryReadPage(late, page);
        Assert.Equal(MemoryFaultKind.NotInDump, fault!.Kind);
        Assert.Equal($"incomplete dump: the page descriptor at 0x{_img.DescOffset + 24 * 20:x} was never written", fault.Detail);
        // descriptor 3 was written, its data was not
        Assert.Equal(PageStatus.Present, dump.GetPageStatus(_img.DumpedPfns[3]));
        fault = dump.TryReadPage(_img.DumpedPfns[3], page);
        Assert.Equal(MemoryFaultKind.NotInDump, fault!.Kind);
        Assert.StartsWith("incomplete dump: the page data at 0x", fault.Detail);
    }

    [Fact]
    public void CutInThePageDataFaultsOnlyThePagesPastTheEnd()
    {
        long cut = (_img.DescTableEnd + _img.Bytes.Length) / 2;
        using var dump = KdumpDump.Open(_img.Copy(cut));
        var page = new byte[4096];
        int ok = 0, corrupt = 0;
        for (int i = 0; i < _img.DumpedPfns.Count; i++)
        {
            var d = _img.Desc(i);
            var fault = dump.TryReadPage(_img.DumpedPfns[i], page);
            if (d.Offset + d.Size <= cut)
            {
                Assert.Null(fault);
                ok++;
            }
            else
            {
                Assert.Equal(MemoryFaultKind.Corrupt, fault!.Kind);
                Assert.Equal($"the page descriptor at 0x{_img.DescOffset + 24L * i:x} points at 0x{d.Offset:x} ({d.Size} bytes), outside the file (length 0x{cut:x})", fault.Detail);
                corrupt++;
            }
        }
        Assert.True(ok > 100 && corrupt > 100, $"{ok} readable, {corrupt} past the end");
    }

    [Theory]
    [InlineData(0u, "block_size 0 is not a power of two from 1024 to 262144")]
    [InlineData(512u, "block_size 512 is not a power of two from 1024 to 262144")]
    [InlineData(4097u, "block_size 4097 is not a power of two from 1024 to 262144")]
    [InlineData(0x80000000u, "block_size -2147483648 is not a power of two from 1024 to 262144")]
    public void AbsurdBlockSize(uint value, string reason)
    {
        Assert.Equal($"test.dump: offset 0x1ac: {reason}", Refusal(_img.Copy().Put32(428, value)));
    }

    [Fact]
    public void BadSignatureAndVersion()
    {
        var s = _img.Copy();
        s.Data[0] = (byte)'X';
        Assert.Equal("test.dump: offset 0x0: not a kdump-compressed dump: signature 5844554d50202020 is not \"KDUMP   \"", Refusal(s));
        Assert.Equal("test.dump: offset 0x8: header_version 0 is not supported (kdump-compressed dumps have version 1 or later)",
            Refusal(_img.Copy().Put32(8, 0)));
    }

    [Fact]
    public void AbsurdSubHeaderSize()
    {
        Assert.Equal("test.dump: offset 0x1b0: sub_hdr_size 0: a kdump header of version 6 needs at least one block of sub-header",
            Refusal(_img.Copy().Put32(432, 0)));
        long bitmaps = (1L + 0x7fffffff) * _img.BlockSize;
        long end = bitmaps + _img.BitmapBlocks * (long)_img.BlockSize;
        Assert.Equal($"test.dump: offset 0x{_img.Bytes.Length:x}: file is truncated or sub_hdr_size/bitmap_blocks is wrong: the bitmaps ({_img.BitmapBlocks} blocks at 0x{bitmaps:x}) end at 0x{end:x}, the file at 0x{_img.Bytes.Length:x}",
            Refusal(_img.Copy().Put32(432, 0x7fffffff)));
    }

    [Fact]
    public void AbsurdBitmapBlocks()
    {
        Assert.Equal("test.dump: offset 0x1b4: bitmap_blocks is 0", Refusal(_img.Copy().Put32(436, 0)));
        ulong maxMapnr = (ulong)_img.I64(Sub(96));
        long perBitmap = (long)(((maxMapnr + 7) / 8 + (ulong)_img.BlockSize - 1) / (ulong)_img.BlockSize);
        Assert.Equal($"test.dump: offset 0x1b4: bitmap_blocks 1 cannot hold a bitmap of max_mapnr {maxMapnr} pages ({perBitmap} blocks each)",
            Refusal(_img.Copy().Put32(436, 1)));
        Assert.StartsWith($"test.dump: offset 0x{_img.Bytes.Length:x}: file is truncated or sub_hdr_size/bitmap_blocks is wrong: the bitmaps (4294967295 blocks at ",
            Refusal(_img.Copy().Put32(436, uint.MaxValue)));
    }

    [Fact]
    public void AbsurdMaxMapnr()
    {
        Assert.Equal("test.dump: offset 0x1b8: max_mapnr is 0: the dump describes no memory",
            Refusal(_img.Copy().Put32(440, 0).Put64(Sub(96), 0)));
        Assert.Equal($"test.dump: offset 0x{Sub(96):x}: max_mapnr 1125899906842624 is beyond 52 bits of physical address space",
            Refusal(_img.Copy().Put64(Sub(96), 1UL << 50)));
        long perBitmap = (10_000_000 / 8 + _img.BlockSize - 1) / _img.BlockSize;
        Assert.Equal($"test.dump: offset 0x1b4: bitmap_blocks {_img.BitmapBlocks} cannot hold a bitmap of max_mapnr 10000000 pages ({perBitmap} blocks each)",
            Refusal(_img.Copy().Put64(Sub(96), 10_000_000)));
    }

    [Fact]
    public void MaxMapnr64IsUsedWhenThe32BitFieldIsZero()
    {
        using var dump = KdumpDump.Open(_img.Copy().Put32(440, 0));
        Assert.Equal((ulong)_img.I64(Sub(96)), dump.MaxPfn);
    }

    [Fact]
    public void AbsurdNoteAndVmcoreinfoOffsets()
    {
        Assert.Equal($"test.dump: offset 0x{Sub(48):x}: file is truncated or offset_note is wrong: {_img.I64(Sub(56))} bytes at offset_note 0x7fffffffff00 run past the end of the file at 0x{_img.Bytes.Length:x}",
            Refusal(_img.Copy().Put64(Sub(48), 0x7fffffffff00)));
        Assert.Equal($"test.dump: offset 0x{Sub(56):x}: size_note 18446744073709551615 is absurd (more than 67108864 bytes)",
            Refusal(_img.Copy().Put64(Sub(56), ulong.MaxValue)));
        Assert.Equal($"test.dump: offset 0x{Sub(32):x}: offset_vmcoreinfo 0xfffffffffffffff0 is negative",
            Refusal(_img.Copy().Put64(Sub(32), unchecked((ulong)-16))));
        Assert.Equal($"test.dump: offset 0x{Sub(40):x}: size_vmcoreinfo 16777216 is absurd (more than 1048576 bytes)",
            Refusal(_img.Copy().Put64(Sub(40), 1 << 24)));
    }

    [Fact]
    public void BadSplitRange()
    {
        var s = _img.Copy().Put32(Sub(12), 1).Put64(Sub(80), 500).Put64(Sub(88), 100);
        Assert.Equal($"test.dump: offset 0x{Sub(12):x}: split dump range start_pfn 500 to end_pfn 100 is empty or beyond max_mapnr {_img.I64(Sub(96))}",
            Refusal(s));
    }

    [Fact]
    public void SplitPartReadsItsOwnRangeOnly()
    {
        // pretend this file is the first part of a split dump covering the first half of its pages:
        // descriptors count from start_pfn 0, pages past end_pfn are in another part
        ulong end = _img.DumpedPfns[_img.DumpedPfns.Count / 2];
        using var dump = KdumpDump.Open(_img.Copy().Put32(Sub(12), 1).Put64(Sub(80), 0).Put64(Sub(88), end));
        var page = new byte[4096];
        Assert.Null(dump.TryReadPage(_img.DumpedPfns[0], page));
        Assert.Null(dump.TryReadPage(_img.DumpedPfns[_img.DumpedPfns.Count / 2 - 1], page));
        var fault = dump.TryReadPage(end, page);
        Assert.Equal(MemoryFaultKind.NotInDump, fault!.Kind);
        Assert.Equal($"in another part of a split dump (this part holds pfn 0x0-0x{end - 1:x})", fault.Detail);
        Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(end));
        Assert.StartsWith("yes: this part holds pfn 0x0-", dump.Describe().Single(kv => kv.Key == "split").Value);
    }

    [Fact]
    public void DescriptorPointingOutsideTheFile()
    {
        int i = _img.FirstUnsharedWithFlags(0x1);
        long at = _img.DescOffset + 24L * i;
        var s = _img.Copy().Put64(at, 0x7fff00000000);
        using var dump = KdumpDump.Open(s);
        var page = new byte[4096];
        var fault = dump.TryReadPage(_img.DumpedPfns[i], page);
        Assert.Equal(MemoryFaultKind.Corrupt, fault!.Kind);
        Assert.Equal($"the page descriptor at 0x{at:x} points at 0x7fff00000000 ({_img.Desc(i).Size} bytes), outside the file (length 0x{_img.Bytes.Length:x})", fault.Detail);
        Assert.Equal(_img.DumpedPfns[i] * 4096, fault.Address);
        Assert.Null(dump.TryReadPage(_img.DumpedPfns[i + 1], page));
    }

    [Fact]
    public void DescriptorWithBadSizeFlagsOrOffset()
    {
        int i = _img.FirstUnsharedWithFlags(0x1);
        long at = _img.DescOffset + 24L * i;
        ulong pfn = _img.DumpedPfns[i];
        var page = new byte[4096];
        using (var dump = KdumpDump.Open(_img.Copy().Put32(at + 8, 5000)))
            Assert.Equal($"the page descriptor at 0x{at:x} gives 5000 bytes of data (block_size 4096)", dump.TryReadPage(pfn, page)!.Detail);
        using (var dump = KdumpDump.Open(_img.Copy().Put32(at + 8, 0)))
            Assert.Equal($"the page descriptor at 0x{at:x} gives 0 bytes of data (block_size 4096)", dump.TryReadPage(pfn, page)!.Detail);
        using (var dump = KdumpDump.Open(_img.Copy().Put32(at + 12, 0x21)))
            Assert.Equal($"the page descriptor at 0x{at:x} has flags 0x21, naming more than one compression", dump.TryReadPage(pfn, page)!.Detail);
        using (var dump = KdumpDump.Open(_img.Copy().Put64(at, 0)))
            Assert.Equal($"the page descriptor at 0x{at:x} has data offset 0", dump.TryReadPage(pfn, page)!.Detail);
        using (var dump = KdumpDump.Open(_img.Copy().Put32(at + 12, 0)))
            Assert.Equal($"uncompressed page at file offset 0x{_img.Desc(i).Offset:x} ({_img.Desc(i).Size} bytes): stored page of {_img.Desc(i).Size} bytes, expected 4096",
                dump.TryReadPage(pfn, page)!.Detail);
    }

    [Fact]
    public void CorruptZlibPageFaultsThatPageOnly()
    {
        int i = _img.FirstUnsharedWithFlags(0x1);
        var d = _img.Desc(i);
        var s = _img.Copy();
        for (long k = d.Offset + 2; k < d.Offset + d.Size; k += 7)
            s.Data[k] ^= 0x5a;
        using var dump = KdumpDump.Open(s);
        using var good = KdumpDump.Open(_img.Copy());
        var page = new byte[4096];
        var expected = new byte[4096];
        var fault = dump.TryReadPage(_img.DumpedPfns[i], page);
        Assert.Equal(MemoryFaultKind.Corrupt, fault!.Kind);
        Assert.StartsWith($"zlib page at file offset 0x{d.Offset:x} ({d.Size} bytes): ", fault.Detail);
        Assert.Contains($"physical address {_img.DumpedPfns[i] * 4096:x}: page data is corrupt", fault.Message);
        for (int j = 0; j < _img.DumpedPfns.Count; j++)
        {
            if (j == i)
                continue;
            Assert.Null(dump.TryReadPage(_img.DumpedPfns[j], page));
            Assert.Null(good.TryReadPage(_img.DumpedPfns[j], expected));
            Assert.True(page.AsSpan().SequenceEqual(expected));
        }
    }

    [Fact]
    public void CorruptLzoPageFaultsThatPageOnly()
    {
        var lzo = KdumpImage.Load("kdump/vmcore.kdump-lzo");
        int i = lzo.FirstUnsharedWithFlags(0x2);
        var d = lzo.Desc(i);
        var s = lzo.Copy();
        s.Data[d.Offset + d.Size - 3] ^= 0xff; // the end-of-stream marker
        using var dump = KdumpDump.Open(s);
        var page = new byte[4096];
        var fault = dump.TryReadPage(lzo.DumpedPfns[i], page);
        Assert.Equal(MemoryFaultKind.Corrupt, fault!.Kind);
        Assert.StartsWith($"lzo page at file offset 0x{d.Offset:x} ({d.Size} bytes): ", fault.Detail);
        Assert.Null(dump.TryReadPage(lzo.DumpedPfns[i + 1], page));
        Assert.Null(dump.TryReadPage(lzo.DumpedPfns[i - 1], page));
    }

    [Fact]
    public void PagesOutsideTheBitmapsFaultWithTheirReason()
    {
        using var dump = KdumpDump.Open(_img.Copy());
        var page = new byte[4096];
        var fault = dump.TryReadPage(dump.MaxPfn + 5, page);
        Assert.Equal(MemoryFaultKind.NotInDump, fault!.Kind);
        Assert.Equal($"pfn 0x{dump.MaxPfn + 5:x} is beyond max_mapnr 0x{dump.MaxPfn:x}", fault.Detail);
        Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(ulong.MaxValue));
        Assert.Throws<ArgumentException>(() => dump.TryReadPage(0, new byte[100]));
    }

    [Fact]
    public void ShreddedRamBitmapGivesBoundedRanges()
    {
        // every other page frame RAM: ~98,000 runs, more than Ranges reports; gaps are bridged instead
        var s = _img.Copy();
        long half = _img.BitmapBlocks * (long)_img.BlockSize / 2;
        s.Data.AsSpan((int)_img.BitmapOffset, (int)half).Fill(0x55);
        using var dump = KdumpDump.Open(s);
        var ranges = dump.Ranges;
        Assert.InRange(ranges.Count, 1, 65536);
        for (ulong pfn = 0; pfn < dump.MaxPfn; pfn += 2)
            Assert.Contains(ranges, r => r.Start <= pfn * 4096 && pfn * 4096 < r.End);
    }
}
