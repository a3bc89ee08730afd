using System.Text;
using Crashdive.Dumps;
using Crashdive.Dumps.Elf;
using Xunit;
using static Crashdive.Tests.Dumps.ElfCoreBuilder;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// /proc/kcore's layout, built by hand as fs/proc/kcore.c writes it: a zeroed NT_PRSTATUS,
/// NT_PRPSINFO, NT_TASKSTRUCT and VMCOREINFO notes; PT_LOADs at kernel-virtual addresses whose
/// p_paddr is real only for the kernel text (__pa_symbol) and the direct map (__pa), -1 for the rest.
/// </summary>
public sealed class ElfKcoreTests
{
    private const int Page = 4096;
    private static readonly byte[] Ram = Pattern(0x4000, 11); // physical 0x1000-0x5000

    private static ElfCoreBuilder KcoreNotes(bool taskStruct = true)
    {
        var prpsinfo = new byte[136];
        Encoding.ASCII.GetBytes("vmlinux").CopyTo(prpsinfo, 40); // pr_fname
        var b = new ElfCoreBuilder().Note("CORE", 1, new byte[PrstatusSize]).Note("CORE", 3, prpsinfo);
        if (taskStruct)
            b.Note("CORE", 4, Pattern(256, 3)); // NT_TASKSTRUCT: the reading task's task_struct
        return b.VmcoreInfo("OSRELEASE=6.1.0-test\nKERNELOFFSET=0\n");
    }

    private static ElfCoreBuilder KcoreLoads(ElfCoreBuilder b, ulong otherPaddr = ulong.MaxValue) => b
        .Load(0x3000, Ram.AsSpan(0x2000, Page).ToArray(), vaddr: 0xffffffff81000000)            // KCORE_TEXT
        .Load(otherPaddr, Pattern(Page, 5), vaddr: 0xffffc90000000000)                           // KCORE_VMALLOC
        .Load(0x1000, Ram, vaddr: 0xffff888000001000)                                            // KCORE_RAM
        .Load(otherPaddr, Pattern(Page, 6), vaddr: 0xffffea0000000000);                          // KCORE_VMEMMAP

    [Fact]
    public void KcoreIsRecognisedAndOffersOnlyItsPhysicalSegments()
    {
        var img = KcoreLoads(KcoreNotes()).Build();
        using var dump = DumpOpener.Open(img.Source());
        var elf = Assert.IsType<ElfDump>(dump);
        Assert.Equal(DumpFormat.Kcore, dump.Format);
        Assert.Equal(ElfProducer.Kcore, elf.Producer);
        Assert.Empty(dump.Notes.Prstatus); // the zeroed placeholder is no CPU's registers
        Assert.Equal(["NT_PRSTATUS", "NT_PRPSINFO", "NT_TASKSTRUCT", "VMCOREINFO"], dump.Notes.All.Select(n => n.TypeName));
        Assert.StartsWith("OSRELEASE=6.1.0-test", dump.VmcoreInfo);
        Assert.Equal([0x3000UL, null, 0x1000UL, null], elf.Segments.Select(s => s.PhysicalAddress));
        Assert.Equal([new PhysicalRange(0x1000, 0x5000, 0xffff888000001000)], dump.Ranges);
        Assert.Equal(Ram.AsSpan(0x2000, Page).ToArray(), Read(dump, 3));
        Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(0));

        var f = dump.Describe().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("/proc/kcore (NT_TASKSTRUCT note)", f["producer"]);
        Assert.Equal("virtual: p_vaddr kernel-virtual, p_paddr only for the direct map and kernel text", f["p_vaddr mode"]);
        Assert.Equal("4: 2 with a physical address, 2 virtual only; 1 repeat physical memory that another segment holds", f["PT_LOAD"]);
        Assert.Contains("no CPU registers", f["kcore"]);
    }

    [Fact]
    public void PaddrMinusOneAloneMarksKcore()
    {
        using var dump = DumpOpener.Open(KcoreLoads(KcoreNotes(taskStruct: false)).Build().Source());
        Assert.Equal(DumpFormat.Kcore, dump.Format);
        Assert.Equal("/proc/kcore (PT_LOADs with p_paddr -1)", dump.Describe().Single(kv => kv.Key == "producer").Value);
    }

    [Fact]
    public void OldKcoreWithPaddrZeroEverywhereHasNoPhysicalRanges()
    {
        // before p_paddr was filled in, kcore wrote 0 for every segment
        var img = new ElfCoreBuilder().Note("CORE", 1, new byte[PrstatusSize]).Note("CORE", 4, Pattern(64, 1))
            .Load(0, Pattern(Page, 1), vaddr: 0xffffffff81000000)
            .Load(0, Pattern(Page, 2), vaddr: 0xffff888000000000)
            .Build();
        using var dump = DumpOpener.Open(img.Source());
        Assert.Equal(DumpFormat.Kcore, dump.Format);
        Assert.Empty(dump.Ranges);
        Assert.Equal(0UL, dump.MaxPfn);
        Assert.Equal(PageStatus.NotInDump, dump.GetPageStatus(0));
    }

    [Fact]
    public void KcoreGarbagePaddrIsNoPhysicalAddressNotAnError()
    {
        // an ordinary core with this p_paddr is refused (see ElfMalformedTests paddr-wraps); kcore's is "none"
        var img = KcoreLoads(KcoreNotes(), otherPaddr: 0xfffffffffffff000).Build();
        using var dump = DumpOpener.Open(img.Source());
        var elf = Assert.IsType<ElfDump>(dump);
        Assert.Null(elf.Segments[1].PhysicalAddress);
        Assert.Equal([new PhysicalRange(0x1000, 0x5000, 0xffff888000001000)], dump.Ranges);
    }

    [Fact]
    public void TheRunningKernelsKcoreOpensAsKcoreOrIsRefusedCleanly()
    {
        // Only when this machine has a readable /proc/kcore; nothing else depends on it.
        const string path = "/proc/kcore";
        if (!File.Exists(path))
        {
            var e = Assert.Throws<DumpFormatException>(() => DumpOpener.Open(path));
            Assert.Equal($"{path}: no such file", e.Message);
            return;
        }
        DumpFile? dump = null;
        try
        {
            dump = DumpOpener.Open(path);
        }
        catch (DumpFormatException e)
        {
            Assert.StartsWith(path + ": ", e.Message); // e.g. not readable without CAP_SYS_RAWIO
            return;
        }
        using (dump)
        {
            Assert.Equal(DumpFormat.Kcore, dump.Format);
            Assert.Empty(dump.Notes.Prstatus);
            Assert.Equal("/proc/kcore (by its path)", dump.Describe().Single(kv => kv.Key == "producer").Value);
        }
    }

    private static byte[] Read(DumpFile dump, ulong pfn)
    {
        var page = new byte[Page];
        Assert.Null(dump.TryReadPage(pfn, page));
        return page;
    }
}
