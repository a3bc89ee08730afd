using Crashdive.Dumps;
using Crashdive.Dumps.Elf;
using Xunit;
using static Crashdive.Tests.Dumps.ElfCoreBuilder;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// Synthetic ELF cores for the segment map: pages straddling segments, zero-filled tails,
/// partly covered pages, overlaps that real dumps have, PN_XNUM, several PT_NOTEs.
/// </summary>
public sealed class ElfPageTests
{
    private const int Page = 4096;

    private static ElfDump Open(ElfCoreImage img) => ElfDump.Open(img.Source());

    private static byte[] ReadPage(DumpFile dump, ulong pfn)
    {
        var page = new byte[Page];
        var fault = dump.TryReadPage(pfn, page);
        Assert.Null(fault);
        return page;
    }

    [Fact]
    public void PagesComeFromTheirSegmentsInAnyHeaderOrder()
    {
        byte[] a = Pattern(0x2000, 1), b = Pattern(0x1000, 2);
        // program headers deliberately out of physical order
        var img = new ElfCoreBuilder().Load(0x9000, b).Load(0x1000, a).Build();
        using var dump = Open(img);
        Assert.Equal([new PhysicalRange(0x1000, 0x3000), new PhysicalRange(0x9000, 0xa000)], dump.Ranges);
        Assert.Equal(10UL, dump.MaxPfn);
        Assert.Equal(a.AsSpan(0, Page).ToArray(), ReadPage(dump, 1));
        Assert.Equal(a.AsSpan(Page, Page).ToArray(), ReadPage(dump, 2));
        Assert.Equal(b, ReadPage(dump, 9));
        foreach (ulong pfn in new ulong[] { 0, 3, 8, 10, 1UL << 40, ulong.MaxValue })
        {
            Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(pfn));
            var fault = dump.TryReadPage(pfn, new byte[Page]);
            Assert.NotNull(fault);
            Assert.Equal(MemoryFaultKind.NotInDump, fault.Kind);
        }
    }

    [Fact]
    public void APageStraddlingTwoSegmentsReadsFromBoth()
    {
        // segment A ends mid-page at 0x1800, segment B starts there, elsewhere in the file
        byte[] a = Pattern(0x1800, 3), b = Pattern(0x1800, 4);
        var img = new ElfCoreBuilder().Load(0x0, a).Load(0x1800, b).Build();
        using var dump = Open(img);
        Assert.Equal(PageStatus.Present, dump.GetPageStatus(1));
        byte[] page = ReadPage(dump, 1);
        Assert.Equal(a.AsSpan(0x1000, 0x800).ToArray(), page.AsSpan(0, 0x800).ToArray());
        Assert.Equal(b.AsSpan(0, 0x800).ToArray(), page.AsSpan(0x800).ToArray());
        Assert.Equal(b.AsSpan(0x800, 0x1000).ToArray(), ReadPage(dump, 2));
        Assert.Equal([new PhysicalRange(0, 0x3000)], dump.Ranges); // adjacent, both physical: merged
    }

    [Fact]
    public void MemszBeyondFileszReadsAsZeros()
    {
        // 0x1800 bytes in the file, 0x3000 of memory: page 1 is half data, half zeros; page 2 all zeros
        byte[] a = Pattern(0x1800, 5);
        var img = new ElfCoreBuilder().VmcoreInfo("OSRELEASE=x\n").Load(0x0, a, memsz: 0x3000, vaddr: 0xffff888000000000).Build();
        using var dump = Open(img);
        byte[] page1 = ReadPage(dump, 1);
        Assert.Equal(a.AsSpan(0x1000, 0x800).ToArray(), page1.AsSpan(0, 0x800).ToArray());
        Assert.All(page1.AsSpan(0x800).ToArray(), x => Assert.Equal(0, x));
        var page2 = new byte[Page];
        Array.Fill(page2, (byte)0xcc); // stale data in the buffer must be overwritten
        Assert.Null(dump.TryReadPage(2, page2));
        Assert.All(page2, x => Assert.Equal(0, x));
        Assert.Equal(PageStatus.Present, dump.GetPageStatus(2));
        Assert.Equal(ElfProducer.Makedumpfile, dump.Producer);
        var facts = dump.Describe().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("6144 bytes (1 pages) where p_memsz exceeds p_filesz", facts["zero-filled"]);
        Assert.Equal("makedumpfile -E (filtered pages left as p_memsz beyond p_filesz)", facts["producer"]);
    }

    [Fact]
    public void APagePartlyCoveredIsNotInTheDumpAndSaysWhere()
    {
        // like the 0x9fc00 end of low memory: the last page is covered for 0xc00 bytes only
        var img = new ElfCoreBuilder().Load(0x0, Pattern(0x1c00, 6)).Build();
        using var dump = Open(img);
        Assert.Equal(PageStatus.Present, dump.GetPageStatus(0));
        Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(1));
        var fault = dump.TryReadPage(1, new byte[Page]);
        Assert.NotNull(fault);
        Assert.Equal(MemoryFaultKind.NotInDump, fault.Kind);
        Assert.Equal(0x1c00UL, fault.Address);
        Assert.Equal("page only partly covered by PT_LOAD segments: nothing at offset 0xc00 of the page", fault.Detail);
        Assert.Equal(2UL, dump.MaxPfn);
    }

    [Fact]
    public void AGapInsideAPageIsNotInTheDump()
    {
        var img = new ElfCoreBuilder().Load(0x0, Pattern(0x800, 1)).Load(0xc00, Pattern(0x400, 2)).Build();
        using var dump = Open(img);
        Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(0));
        var fault = dump.TryReadPage(0, new byte[Page]);
        Assert.NotNull(fault);
        Assert.Equal(0x800UL, fault.Address);
    }

    [Fact]
    public void KernelTextAndDirectMapOverTheSameMemoryAreAccepted()
    {
        // as in a kdump vmcore: the kernel text mapping and the direct map hold the same pages
        byte[] ram = Pattern(0x4000, 7);
        var img = new ElfCoreBuilder()
            .Load(0x2000, ram.AsSpan(0x2000, 0x2000).ToArray(), vaddr: 0xffffffff81000000)
            .Load(0x0, ram, vaddr: 0xffff888000000000)
            .Build();
        using var dump = Open(img);
        Assert.Equal(2, dump.Segments.Count);
        // the direct map starts lower and wins the overlap
        Assert.Equal([new PhysicalRange(0, 0x4000, 0xffff888000000000)], dump.Ranges);
        Assert.Equal(ram.AsSpan(0x3000, Page).ToArray(), ReadPage(dump, 3));
        var facts = dump.Describe().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("2: 2 with a physical address, 0 virtual only; 1 repeat physical memory that another segment holds", facts["PT_LOAD"]);
        Assert.Equal("virtual: p_vaddr kernel-virtual, p_paddr physical", facts["p_vaddr mode"]);
    }

    [Fact]
    public void DuplicatePhysicalSegmentsAtTheSameFileDataAreAccepted()
    {
        // a QEMU paging dump points a vmalloc mapping at the same file bytes as the direct map:
        // here, two physical-mode headers naming the very same bytes
        var img = new ElfCoreBuilder().Load(0x0, Pattern(0x2000, 8)).Load(0x1000, Pattern(0x1000, 9)).Build();
        var bytes = img.With(b => PutU64(b, img.LoadPhdr(1) + 8, (ulong)img.LoadOffsets[0] + 0x1000));
        using var dump = ElfDump.Open(new ElfCoreImage.MemorySource(bytes));
        Assert.Equal(Pattern(0x2000, 8).AsSpan(Page).ToArray(), ReadPage(dump, 1));
    }

    [Fact]
    public void PnXnumTakesTheCountFromSectionZero()
    {
        var builder = new ElfCoreBuilder { PnXnum = true }.Prstatus(7, 0x1234);
        for (int i = 0; i < 3; i++)
            builder.Load((ulong)i * 0x2000, Pattern(Page, i));
        var img = builder.Build();
        Assert.Equal(0xffff, BitConverter.ToUInt16(img.Bytes, 56));
        using var dump = Open(img);
        Assert.Equal(3, dump.Segments.Count);
        Assert.Equal(Pattern(Page, 2), ReadPage(dump, 4));
        var facts = dump.Describe().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("4 at 0x40 (e_phnum is PN_XNUM: count from section 0's sh_info): 3 PT_LOAD, 1 PT_NOTE, 0 other", facts["program headers"]);
    }

    [Fact]
    public void SeveralNoteSegmentsAreOneSequence()
    {
        // the first kernel's elfcorehdr has one PT_NOTE per CPU
        var img = new ElfCoreBuilder()
            .Prstatus(100, 0xffffffff81000010)
            .NextNoteSegment().Prstatus(200, 0xffffffff81000020)
            .NextNoteSegment().VmcoreInfo("OSRELEASE=6.1.0-test\n")
            .Load(0, Pattern(Page, 1))
            .Build();
        using var dump = Open(img);
        Assert.Equal(3, dump.Notes.All.Count);
        Assert.Equal(img.NoteOffsets, dump.Notes.All.Select(n => n.FileOffset).ToArray());
        Assert.Equal([0, 1], dump.Notes.Prstatus.Select(c => c.Index));
        Assert.Equal([100, 200], dump.Notes.Prstatus.Select(c => c.Pid));
        Assert.Equal([0xffffffff81000010UL, 0xffffffff81000020UL], dump.Notes.Prstatus.Select(c => c.Get("rip")!.Value));
        Assert.Equal("OSRELEASE=6.1.0-test\n", dump.VmcoreInfo);
        var facts = dump.Describe().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("3 in 3 PT_NOTE (" + img.NoteSizes.Sum() + " bytes)", facts["ELF notes"]);
    }

    [Fact]
    public void DescribeNamesTheMachineAndMode()
    {
        var img = new ElfCoreBuilder().VmcoreInfo("OSRELEASE=x\n").Load(0x1000, Pattern(Page, 1), vaddr: 0x1000).Build();
        using var dump = Open(img);
        var facts = dump.Describe();
        Assert.Equal(["ELF", "producer", "program headers", "PT_LOAD", "p_vaddr mode", "ELF notes", "zero-filled", "file size"],
            facts.Select(kv => kv.Key));
        var f = facts.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("ELF64 little-endian core, machine x86-64 (EM_X86_64)", f["ELF"]);
        Assert.Equal("physical: p_vaddr equals p_paddr", f["p_vaddr mode"]);
        Assert.Equal($"{img.Bytes.Length} bytes", f["file size"]);
        Assert.Equal(ElfProducer.MakedumpfileOrProcVmcore, dump.Producer); // unaligned data, nothing filtered
        Assert.Null(dump.Ranges[0].VirtualStart);
    }

    [Theory]
    [InlineData((ushort)62, "x86-64 (EM_X86_64)")]
    [InlineData((ushort)183, "AArch64 (EM_AARCH64)")]
    [InlineData((ushort)0x4109, "Unknown (0x4109)")]
    public void MachineNamesAreOpen(ushort machine, string expected) => Assert.Equal(expected, ElfMachine.Name(machine));

    [Fact]
    public void PhysicalMemoryReadsAcrossSegmentsThroughTheDump()
    {
        byte[] a = Pattern(0x1800, 3), b = Pattern(0x1800, 4);
        var img = new ElfCoreBuilder().Load(0x0, a).Load(0x1800, b).Build();
        using var dump = Open(img);
        var mem = new PhysicalMemory(dump, slots: 4);
        var buf = new byte[0x100];
        Assert.Equal(buf.Length, mem.Read(0x1780, buf));
        Assert.Equal(a.AsSpan(0x1780, 0x80).ToArray(), buf.AsSpan(0, 0x80).ToArray());
        Assert.Equal(b.AsSpan(0, 0x80).ToArray(), buf.AsSpan(0x80).ToArray());
        Assert.Equal(0, mem.Read(0x3000, buf));
        Assert.NotNull(mem.Explain(0x3000));
    }

    [Fact]
    public void ReadErrorsBecomeAFaultOrARefusalNotAnException()
    {
        var img = new ElfCoreBuilder().Prstatus(1, 0).Load(0x0, Pattern(0x2000, 1)).Build();
        // the disk fails inside the second page's data: that page faults as corrupt, the first reads
        using var dump = ElfDump.Open(new ElfCoreImage.MemorySource(img.Bytes, failFrom: img.LoadOffsets[0] + 0x1800));
        Assert.Null(dump.TryReadPage(0, new byte[Page]));
        var fault = dump.TryReadPage(1, new byte[Page]);
        Assert.NotNull(fault);
        Assert.Equal(MemoryFaultKind.Corrupt, fault.Kind);
        Assert.Equal($"read error at file offset 0x{img.LoadOffsets[0] + 0x1000:x}: Input/output error", fault.Detail);
        // failing inside the notes refuses the file with one line
        var e = Assert.Throws<DumpFormatException>(() => ElfDump.Open(new ElfCoreImage.MemorySource(img.Bytes, failFrom: img.NoteOffsets[0] + 4)));
        Assert.Equal($"{ElfCoreImage.Path}: read error: Input/output error", e.Message);
    }
}
