using Crashdive.Dumps;
using Crashdive.Dumps.Notes;
using Crashdive.Dumps.Sources;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// rd's messages for pages a dump does not hold, per reason and container, in crash 8.0.2's words
/// (memory.c readmem, diskdump.c and netdump.c readers): page frames filtered out by makedumpfile give
/// "page excluded"; frames a kdump-compressed dump knows nothing of give "seek error"; anything an ELF
/// dump lacks, and damaged page data, give "read error". A small synthetic dump supplies each case
/// (the fixture ELF dumps zero-fill filtered pages, exactly as crash reads them).
/// </summary>
public sealed class FaultWordingTests
{
    private sealed class NullSource : IFileSource
    {
        public string Path => "synthetic";
        public long Length => 0;
        public int ReadAt(long offset, Span<byte> buffer) => 0;
        public void Dispose() { }
    }

    /// <summary>Page 1 holds bytes 0..255 repeated; page 2 was filtered out; page 3 is absent; page 4 is damaged.</summary>
    private sealed class SyntheticDump(DumpFormat format) : DumpFile(new NullSource())
    {
        public override DumpFormat Format => format;
        public override int PageSize => 4096;
        public override IReadOnlyList<PhysicalRange> Ranges => [new PhysicalRange(0x1000, 0x5000)];
        public override DumpNotes Notes => DumpNotes.Empty;
        public override PageStatus GetPageStatus(ulong pfn) => pfn switch
        {
            1 or 4 => PageStatus.Present,
            2 => PageStatus.Excluded,
            _ => PageStatus.NotInDump,
        };

        public override MemoryFaultException? TryReadPage(ulong pfn, Span<byte> page)
        {
            switch (pfn)
            {
                case 1:
                    for (int i = 0; i < page.Length; i++)
                        page[i] = (byte)i;
                    return null;
                case 2:
                    return new MemoryFaultException(pfn << 12, MemoryFaultKind.Excluded, "");
                case 4:
                    return new MemoryFaultException(pfn << 12, MemoryFaultKind.Corrupt, "bad zlib stream");
                default:
                    return new MemoryFaultException(pfn << 12, MemoryFaultKind.NotInDump, "");
            }
        }

        public override IReadOnlyList<KeyValuePair<string, string>> Describe() => [];
    }

    [Theory]
    [InlineData(DumpFormat.Kdump, "2000", "page excluded: physical address: 2000  type: \"64-bit PHYSADDR\"")]
    [InlineData(DumpFormat.Kdump, "3000", "seek error: physical address: 3000  type: \"64-bit PHYSADDR\"")]
    [InlineData(DumpFormat.Kdump, "4000", "read error: physical address: 4000  type: \"64-bit PHYSADDR\"")]
    [InlineData(DumpFormat.Elf, "2000", "page excluded: physical address: 2000  type: \"64-bit PHYSADDR\"")]
    [InlineData(DumpFormat.Elf, "3008", "read error: physical address: 3008  type: \"64-bit PHYSADDR\"")]
    public void EachReasonHasCrashsWording(DumpFormat format, string address, string message)
    {
        using var k = new KernelProgram(new SyntheticDump(format));
        Assert.Equal($"rd: {message}\n", CommandRunner.Run(k, $"rd -p {address}"));
    }

    [Fact]
    public void AReadRunningIntoAFilteredPageShowsWhatItReadFirst()
    {
        using var k = new KernelProgram(new SyntheticDump(DumpFormat.Kdump));
        Assert.Equal(
            "            1ff0:  f7f6f5f4f3f2f1f0 fffefdfcfbfaf9f8 rd: page excluded: physical address: 2000  type: \"64-bit PHYSADDR\"\n",
            CommandRunner.Run(k, "rd -p 1ff0 4"));
        // an item straddling the boundary: crash names the first address it could not read
        Assert.Equal("rd: page excluded: physical address: 2000  type: \"32-bit PHYSADDR\"\n", CommandRunner.Run(k, "rd -32 -p 1ffe"));
    }

    [Fact]
    public void ReadMemoryReportsTheFailingChunk()
    {
        using var k = new KernelProgram(new SyntheticDump(DumpFormat.Kdump));
        var buffer = new byte[0x2000];
        int n = k.ReadMemory(0x1800, MemoryType.Physical, buffer, out var fault);
        Assert.Equal(0x800, n);
        Assert.Equal(new ReadFault(ReadFaultKind.PageExcluded, 0x2000, MemoryType.Physical), fault);
        Assert.Equal(Enumerable.Range(0x800, 0x800).Select(i => (byte)i), buffer[..0x800]);
    }
}
