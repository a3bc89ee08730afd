using System.Text;
using Crashdive.Commands;
using Crashdive.Dumps;
using Crashdive.Helpers.Printk;
using Crashdive.Kernel;

namespace Crashdive.Tests.Kernel;

/// <summary>
/// The kernel located in real fixture dumps: page tables from VMCOREINFO, kallsyms decoded from
/// memory, and the printk ring buffer, checked against the kernel's own VMCOREINFO and the
/// guest's ground truth.
/// </summary>
public sealed class KernelRealDumpTests
{
    public static TheoryData<string> Dumps => new()
    {
        "kdump/vmcore.elf",
        "kdump/vmcore.kdump-zlib",
        "kdump/vmcore.kdump-lzo",
        "kdump/vmcore.flat-zlib",
        "kdump/vmcore.flat-elf",
        "qemu/vmcore.elf",
        "qemu/vmcore.paging-elf",
        "qemu/vmcore.kdump-zlib",
    };

    private static KernelProgram Open(string relative) => new(DumpOpener.Open(Fixtures.Path(relative)));

    private static string Release(string relative) => Fixtures.GroundTruth(relative.Split('/')[0]).Release;

    [Theory]
    [MemberData(nameof(Dumps))]
    public void PageWalkAgreesWithTheTextMapping(string dump)
    {
        using var k = Open(dump);
        var vi = k.VmcoreInfo!;
        foreach (string sym in new[] { "_stext", "init_uts_ns", "swapper_pg_dir", "prb" })
        {
            ulong v = vi.Symbol(sym)!.Value;
            Assert.True(k.Layout.PageTable.TryTranslate(v, out ulong phys, out _, out var fault), fault?.Message);
            Assert.Equal(k.Layout.TextToPhysical(v), phys);
        }
        Assert.Equal(vi.KernelOffset, k.Layout.KaslrOffset);
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void UtsReleaseReadsThroughKernelVirtualMemory(string dump)
    {
        using var k = Open(dump);
        ulong uts = k.VmcoreInfo!.Symbol("init_uts_ns")!.Value + (ulong)k.VmcoreInfo.Offset("uts_namespace.name")!.Value;
        // struct new_utsname: sysname[65], nodename[65], release[65], ...
        Assert.Equal("Linux", k.Memory.ReadCString(uts, 65));
        Assert.Equal(Release(dump), k.Memory.ReadCString(uts + 2 * 65, 65));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void KallsymsAgreesWithVmcoreInfo(string dump)
    {
        using var k = Open(dump);
        var ks = k.Kallsyms;
        Assert.InRange(ks.Count, 50_000, 1_000_000);
        int compared = 0;
        foreach (string key in k.VmcoreInfo!.Keys)
        {
            // kallsyms does not list its own tables (kallsyms_*); mem_section is a pointer's value
            if (!key.StartsWith("SYMBOL(") || key == "SYMBOL(mem_section)")
                continue;
            string name = key[7..^1];
            if (ks.Lookup(name) is not ulong addr)
                continue;
            Assert.Equal(k.VmcoreInfo.Symbol(name), addr);
            compared++;
        }
        Assert.True(compared >= 6, $"only {compared} VMCOREINFO symbols found in kallsyms");
        ulong banner = ks.Lookup("linux_banner")!.Value;
        Assert.Equal(("linux_banner", banner, 5UL), ks.Resolve(banner + 5));
        Assert.StartsWith("Linux version " + Release(dump), k.Memory.ReadCString(banner, 256));
        Assert.Equal('T', char.ToUpperInvariant(ks.TypeOf("schedule")!.Value));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void LogHasBootAndPanic(string dump)
    {
        using var k = Open(dump);
        var records = PrintkRingBuffer.Read(k).Records().ToList();
        Assert.True(records.Count > 100, $"{records.Count} records");
        Assert.StartsWith("Linux version " + Release(dump), records[0].Text);
        Assert.Equal(0UL, records[0].Seq);
        for (int i = 1; i < records.Count; i++)
            Assert.Equal(records[i - 1].Seq + 1, records[i].Seq);
        Assert.Contains(records, r => r.Text != null && r.Text.Contains("Kernel panic - not syncing: sysrq triggered crash"));
        Assert.Contains(records, r => r.Text == "sysrq: Trigger a crash");

        var sb = new StringBuilder();
        LogCommand.Format(records[0], sb, showTime: true, showLevel: true, showCaller: false, showDict: false, pidChars: 8);
        Assert.Matches(@"^\[    0\.000000\] <[0-7]>Linux version ", sb.ToString());
    }
}
