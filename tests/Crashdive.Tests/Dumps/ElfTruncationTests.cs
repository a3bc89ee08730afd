using Crashdive.Dumps;
using Crashdive.Dumps.Elf;
using Xunit;
using static Crashdive.Tests.Dumps.ElfCoreBuilder;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// A small core cut at every length through its headers and notes, and at many lengths through
/// its memory: each cut is either refused with one precise line or opens as a truncated dump
/// whose missing pages fault, as crash warns about a truncated vmcore and goes on.
/// </summary>
public sealed class ElfTruncationTests
{
    private const int Page = 4096;

    private static ElfCoreImage Core() => new ElfCoreBuilder()
        .Prstatus(1, 0xffffffff81000000)
        .Prstatus(2, 0xffffffff81000100)
        .VmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n")
        .Load(0x0, Pattern(0x2000, 1), vaddr: 0xffff888000000000)
        .Load(0x5000, Pattern(0x1000, 2), memsz: 0x2000, vaddr: 0xffff888000005000)
        .Load(0x10000, Pattern(0x1000, 3), vaddr: 0xffff888000010000)
        .Build();

    /// <summary>What a cut at <paramref name="cut"/> bytes must give: (offset, reason) of the refusal, or null if it opens.</summary>
    private static (long Offset, string Reason)? Expected(ElfCoreImage img, int cut)
    {
        long phEnd = img.PhOff + img.PhCount * 56L;
        long noteStart = img.NoteOffsets[0], noteEnd = noteStart + img.NoteSizes[0];
        if (cut == 0)
            return (-1, "empty file");
        if (cut < 4)
            return (0, $"too short to be a dump ({cut} bytes)");
        if (cut < 64)
            return (cut, $"file is truncated: ELF header needs 64 bytes at 0x0, the file ends after {cut}");
        if (cut < phEnd)
            return (cut, $"file is truncated: program header table ({img.PhCount} entries) needs {img.PhCount * 56} bytes at 0x40, the file ends after {cut - 64}");
        if (cut < noteEnd)
            return (cut, $"file is truncated: PT_NOTE (program header 0) needs {img.NoteSizes[0]} bytes at 0x{noteStart:x}, the file ends after {cut - noteStart}");
        return null;
    }

    /// <summary>Every cut through the headers and notes; cuts through the memory every 251 bytes and around each page boundary.</summary>
    private static IEnumerable<int> Cuts(ElfCoreImage img)
    {
        long noteEnd = img.NoteOffsets[0] + img.NoteSizes[0];
        var cuts = new SortedSet<int>();
        for (int c = 0; c <= noteEnd + 1; c++)
            cuts.Add(c);
        for (int c = (int)noteEnd; c <= img.Bytes.Length; c += 251)
            cuts.Add(c);
        foreach (long start in img.LoadOffsets)
            for (long p = start; p <= img.Bytes.Length; p += Page)
                foreach (long c in new[] { p - 1, p, p + 1 })
                    if (c >= 0 && c <= img.Bytes.Length)
                        cuts.Add((int)c);
        cuts.Add(img.Bytes.Length);
        return cuts;
    }

    [Fact]
    public void EveryCutIsRefusedPreciselyOrOpensTruncated()
    {
        var img = Core();
        int refused = 0, opened = 0;
        foreach (int cut in Cuts(img))
        {
            var expected = Expected(img, cut);
            using var source = img.Source(cut);
            if (expected is var (offset, reason))
            {
                var e = Assert.Throws<DumpFormatException>(() => DumpOpener.Open(source));
                Assert.True(reason == e.Reason, $"cut at {cut}: expected \"{reason}\", got \"{e.Reason}\"");
                Assert.True(offset == e.Offset, $"cut at {cut}: expected offset {offset}, got {e.Offset}");
                Assert.StartsWith(ElfCoreImage.Path + ": ", e.Message);
                refused++;
                continue;
            }
            using var dump = DumpOpener.Open(source);
            CheckTruncatedOpen(img, dump, cut);
            opened++;
        }
        Assert.True(refused > 500 && opened > 40, $"{refused} refused, {opened} opened");
    }

    private static void CheckTruncatedOpen(ElfCoreImage img, DumpFile dump, int cut)
    {
        var elf = Assert.IsType<ElfDump>(dump);
        Assert.Equal(2, dump.Notes.Prstatus.Count);
        Assert.Equal(cut < img.Bytes.Length, elf.IsTruncated);
        string size = dump.Describe().Single(kv => kv.Key == "file size").Value;
        Assert.Equal(cut < img.Bytes.Length
            ? $"truncated: {cut} bytes of {img.Bytes.Length}; pages past the end are not in the dump"
            : $"{img.Bytes.Length} bytes", size);

        // each page: present with the original bytes when its file data is all before the cut
        var page = new byte[Page];
        for (ulong pfn = 0; pfn < dump.MaxPfn; pfn++)
        {
            if (!Where(img, pfn, out long fileStart, out int dataBytes))
            {
                Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(pfn));
                continue;
            }
            var fault = dump.TryReadPage(pfn, page);
            if (dataBytes == 0 || fileStart + dataBytes <= cut) // a page of zero fill needs no file bytes
            {
                Assert.True(fault == null, $"cut {cut} pfn {pfn}: {fault?.Message}");
                Assert.Equal(PageStatus.Present, dump.GetPageStatus(pfn));
                Assert.Equal(img.Bytes.AsSpan((int)fileStart, dataBytes).ToArray(), page.AsSpan(0, dataBytes).ToArray());
                Assert.True(page.AsSpan(dataBytes).IndexOfAnyExcept((byte)0) < 0);
            }
            else
            {
                Assert.True(fault != null, $"cut {cut} pfn {pfn}: read, though its file data 0x{fileStart:x}+0x{dataBytes:x} is past the cut");
                Assert.Equal(MemoryFaultKind.NotInDump, fault.Kind);
                Assert.Equal("past end of file (truncated dump)", fault.Detail);
                Assert.Equal(pfn * Page + (ulong)Math.Max(0, cut - fileStart), fault.Address);
                Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(pfn));
            }
        }
    }

    /// <summary>Where page <paramref name="pfn"/> of <see cref="Core"/> lives: file offset and bytes of file data (the rest is zero fill).</summary>
    private static bool Where(ElfCoreImage img, ulong pfn, out long fileStart, out int dataBytes)
    {
        (ulong PAddr, int Load, int FileBytes, int MemBytes)[] layout = [(0x0, 0, 0x2000, 0x2000), (0x5000, 1, 0x1000, 0x2000), (0x10000, 2, 0x1000, 0x1000)];
        ulong address = pfn * Page;
        foreach (var (paddr, load, fileBytes, memBytes) in layout)
        {
            if (address < paddr || address >= paddr + (ulong)memBytes)
                continue;
            int inSegment = (int)(address - paddr);
            fileStart = img.LoadOffsets[load] + inSegment;
            dataBytes = Math.Clamp(fileBytes - inSegment, 0, Page);
            return true;
        }
        fileStart = 0;
        dataBytes = 0;
        return false;
    }
}
