using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Crashdive.Dumps;
using Crashdive.Dumps.Elf;
using Xunit;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// The real ELF dumps of the fixtures (a kdump captured by makedumpfile -E, and QEMU's
/// dump-guest-memory with and without paging), checked against what the guest said about
/// itself before it panicked (ground-truth.txt of the same run).
/// </summary>
public sealed partial class ElfRealDumpTests
{
    private const int Page = 4096;
    private const ulong StartKernelMap = 0xffffffff80000000; // __START_KERNEL_map on x86-64
    private const int UtsFieldLength = 65;                   // __NEW_UTS_LEN + 1

    public static TheoryData<string> ElfDumps => new("kdump/vmcore.elf", "qemu/vmcore.elf", "qemu/vmcore.paging-elf");

    public static TheoryData<string> VirtualDumps => new("kdump/vmcore.elf", "qemu/vmcore.paging-elf");

    [Theory]
    [MemberData(nameof(ElfDumps))]
    public void OpensWithTheGuestsReleaseAndOneRegisterSetPerCpu(string name)
    {
        var truth = Fixtures.GroundTruthOf(name);
        using var dump = DumpOpener.Open(Fixtures.Path(name));
        Assert.Equal(DumpFormat.Elf, dump.Format);
        var info = VmcoreInfo(dump);
        Assert.Equal(truth.Release, info["OSRELEASE"]);
        Assert.Equal(truth.Cpus, dump.Notes.Prstatus.Count);
        Assert.Equal(Enumerable.Range(0, truth.Cpus), dump.Notes.Prstatus.Select(c => c.Index));
        foreach (var cpu in dump.Notes.Prstatus)
            Assert.True(cpu.Get("rip") >= StartKernelMap, $"CPU {cpu.Index} rip {cpu.Get("rip"):x} is not in the kernel: the guest panicked in kernel mode");
        if (name.StartsWith("qemu/", StringComparison.Ordinal))
        {
            // QEMU writes both notes from the same CPU state
            Assert.Equal(truth.Cpus, dump.Notes.QemuCpus.Count);
            for (int i = 0; i < truth.Cpus; i++)
                foreach (string reg in new[] { "rip", "rsp", "rbp", "rax", "eflags" })
                    Assert.Equal(dump.Notes.Prstatus[i].Get(reg), dump.Notes.QemuCpus[i].Get(reg));
            Assert.Equal(ElfProducer.Qemu, ((ElfDump)dump).Producer);
        }
        else
        {
            Assert.Empty(dump.Notes.QemuCpus);
            Assert.Equal(ElfProducer.Makedumpfile, ((ElfDump)dump).Producer); // the recipe filters with -d 31
        }
    }

    [Theory]
    [MemberData(nameof(ElfDumps))]
    public void MemoryAddsUpToTheGuestsMemTotal(string name)
    {
        var truth = Fixtures.GroundTruthOf(name);
        using var dump = DumpOpener.Open(Fixtures.Path(name));
        ulong ranges = 0;
        foreach (var r in dump.Ranges)
            ranges += r.Length;
        ulong present = 0;
        for (ulong pfn = 0; pfn < dump.MaxPfn; pfn++)
            if (dump.GetPageStatus(pfn) == PageStatus.Present)
                present++;
        ulong memTotal = truth.MemTotalKb * 1024;
        // MemTotal is RAM less what the kernel reserved at boot, so the dump holds at least that;
        // more than a quarter above it (plus QEMU's 16 MiB of VGA memory) would be memory we invented.
        ulong ceiling = memTotal + memTotal / 4 + (32UL << 20);
        Assert.InRange(present * Page, memTotal, ceiling);
        Assert.True(present * Page <= ranges, $"{present} present pages do not fit in ranges of {ranges} bytes");
        Assert.InRange(ranges, memTotal, ceiling);
    }

    [Theory]
    [MemberData(nameof(ElfDumps))]
    public void PageStatusAgreesWithTheRangesAndEveryPresentPageReads(string name)
    {
        using var dump = DumpOpener.Open(Fixtures.Path(name));
        Assert.False(((ElfDump)dump).IsTruncated);
        var page = new byte[Page];
        int r = 0;
        var ranges = dump.Ranges;
        for (ulong pfn = 0; pfn < dump.MaxPfn; pfn++)
        {
            ulong start = pfn * Page, end = start + Page;
            while (r < ranges.Count && ranges[r].End <= start)
                r++;
            bool covered = Covered(ranges, r, start, end);
            var status = dump.GetPageStatus(pfn);
            Assert.True(covered == (status == PageStatus.Present), $"pfn 0x{pfn:x}: status {status}, covered by the ranges: {covered}");
            var fault = dump.TryReadPage(pfn, page);
            Assert.True(covered == (fault == null), $"pfn 0x{pfn:x}: {fault?.Message}");
        }
    }

    private static bool Covered(IReadOnlyList<PhysicalRange> ranges, int r, ulong start, ulong end)
    {
        ulong at = start;
        for (int i = r; i < ranges.Count && at < end; i++)
        {
            if (ranges[i].Start > at)
                return false;
            at = Math.Max(at, ranges[i].End);
        }
        return at >= end;
    }

    [Theory]
    [MemberData(nameof(ElfDumps))]
    public void InitUtsNsInPhysicalMemorySaysWhatUnameSaid(string name)
    {
        // VMCOREINFO gives init_uts_ns's kernel address and phys_base, hence its physical
        // address; the utsname there must be the one the guest printed.
        var truth = Fixtures.GroundTruthOf(name);
        using var dump = DumpOpener.Open(Fixtures.Path(name));
        var info = VmcoreInfo(dump);
        ulong physical = InitUtsNsPhysical(info);
        var uts = new byte[6 * UtsFieldLength];
        var memory = new PhysicalMemory(dump);
        Assert.Equal(uts.Length, memory.Read(physical, uts));
        Assert.Equal("Linux", UtsField(uts, 0));
        Assert.Equal(truth.Nodename, UtsField(uts, 1));
        Assert.Equal(truth.Release, UtsField(uts, 2));
        Assert.Equal(truth.UnameVersion, UtsField(uts, 3));
        Assert.Equal(truth.Machine, UtsField(uts, 4));
    }

    [Theory]
    [MemberData(nameof(VirtualDumps))]
    public void TheSegmentMappingInitUtsNsAgreesWithPhysBase(string name)
    {
        // p_vaddr -> p_paddr of the PT_LOAD that maps the kernel image must be the kernel's own
        // __pa_symbol: address - __START_KERNEL_map + phys_base
        using var dump = DumpOpener.Open(Fixtures.Path(name));
        var elf = (ElfDump)dump;
        var info = VmcoreInfo(dump);
        ulong symbol = ulong.Parse(info["SYMBOL(init_uts_ns)"], NumberStyles.HexNumber);
        var segment = Assert.Single(elf.Segments, s => s.VirtualAddress <= symbol && symbol - s.VirtualAddress < s.MemorySize);
        Assert.NotNull(segment.PhysicalAddress);
        Assert.Equal(InitUtsNsPhysical(info) - ulong.Parse(info["OFFSET(uts_namespace.name)"]),
            segment.PhysicalAddress.Value + (symbol - segment.VirtualAddress));
        Assert.Contains(dump.Ranges, r => r.VirtualStart != null);
        Assert.StartsWith("virtual:", dump.Describe().Single(kv => kv.Key == "p_vaddr mode").Value);
    }

    [Fact]
    public void QemuPagingAndPhysicalDumpsOfOneMomentHoldTheSamePages()
    {
        // QEMU wrote both files from the same halted guest, one after the other; the paging dump
        // reaches RAM through the guest's page tables, the other by physical address.
        using var flat = DumpOpener.Open(Fixtures.Path("qemu/vmcore.elf"));
        using var paging = DumpOpener.Open(Fixtures.Path("qemu/vmcore.paging-elf"));
        Assert.All(flat.Ranges, r => Assert.Null(r.VirtualStart));
        Assert.Equal("physical: p_vaddr equals p_paddr", flat.Describe().Single(kv => kv.Key == "p_vaddr mode").Value);
        var a = new byte[Page];
        var b = new byte[Page];
        int same = 0, differ = 0, flatOnly = 0;
        for (ulong pfn = 0; pfn < paging.MaxPfn; pfn += 3)
        {
            bool inFlat = flat.TryReadPage(pfn, a) == null, inPaging = paging.TryReadPage(pfn, b) == null;
            if (inPaging)
                Assert.True(inFlat, $"pfn 0x{pfn:x} is in the paging dump but not the physical one");
            if (inFlat && inPaging)
            {
                if (a.AsSpan().SequenceEqual(b))
                    same++;
                else
                    differ++;
            }
            else if (inFlat)
                flatOnly++;
        }
        // the halted guest's panic loop may touch a stack page between the two dumps
        Assert.True(differ <= 16, $"{differ} pages differ, {same} agree");
        Assert.True(flatOnly * 20 < same, $"{flatOnly} pages only in the physical dump, {same} in both");
    }

    private static Dictionary<string, string> VmcoreInfo(DumpFile dump)
    {
        Assert.NotNull(dump.VmcoreInfo);
        var d = new Dictionary<string, string>();
        foreach (string line in dump.VmcoreInfo.Split('\n'))
        {
            int eq = line.IndexOf('=');
            if (eq > 0)
                d[line[..eq]] = line[(eq + 1)..];
        }
        return d;
    }

    private static ulong InitUtsNsPhysical(Dictionary<string, string> info)
    {
        ulong symbol = ulong.Parse(info["SYMBOL(init_uts_ns)"], NumberStyles.HexNumber);
        long physBase = long.Parse(info["NUMBER(phys_base)"], CultureInfo.InvariantCulture); // signed: negative under KASLR
        ulong nameOffset = ulong.Parse(info["OFFSET(uts_namespace.name)"], CultureInfo.InvariantCulture);
        return unchecked(symbol - StartKernelMap + (ulong)physBase + nameOffset);
    }

    private static string UtsField(byte[] uts, int index)
    {
        var field = uts.AsSpan(index * UtsFieldLength, UtsFieldLength);
        int nul = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(nul < 0 ? field : field[..nul]);
    }
}
