using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Crashdive.Dumps;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// rd, vtop, ptov, ptob, btop and sym on the real fixture dumps, checked against values found
/// independently of the command code: the guest's own uname in ground-truth.txt, the dump file's pages,
/// VMCOREINFO's symbols and phys_base, the kernel-text mapping formula, and the meaning of per-cpu
/// variables. (The byte-for-byte comparison with crash is <see cref="MemoryCommandsDifferentialTests"/>.)
/// </summary>
public sealed class MemoryCommandsRealDumpTests(MemoryCommandsRealDumpTests.Kernels kernels)
    : IClassFixture<MemoryCommandsRealDumpTests.Kernels>
{
    public static TheoryData<string> Dumps => new() { "kdump/vmcore.elf", "qemu/vmcore.elf", "qemu/vmcore.paging-elf" };

    private string Run(string dump, string line) => CommandRunner.Run(kernels.Get(dump), line);

    private string RunOk(string dump, string line) => CommandRunner.RunOk(kernels.Get(dump), line);

    private static (string Release, string Version) Uname(string dump)
    {
        string gt = File.ReadAllText(Fixtures.Path(dump.Split('/')[0] + "/ground-truth.txt"));
        string uname = gt.Split('\n').First(l => l.StartsWith("uname: ", StringComparison.Ordinal));
        // "uname: Linux (none) RELEASE #1 SMP ... (date) x86_64 GNU/Linux"
        string[] w = uname.Split(' ');
        string version = string.Join(' ', w[4..^2]);
        return (w[3], version);
    }

    /// <summary>The bytes an rd line shows, rebuilt from its values (little-endian), ignoring the ASCII column.</summary>
    private static byte[] BytesOf(string output, int width)
    {
        var bytes = new List<byte>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string values = line[(line.IndexOf(':') + 1)..];
            int perLine = 16 / width;
            foreach (string v in values.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(perLine))
            {
                ulong n = ulong.Parse(v, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                for (int i = 0; i < width; i++)
                    bytes.Add((byte)(n >> (8 * i)));
            }
        }
        return [.. bytes];
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void RdAsciiShowsTheBannerTheGuestReported(string dump)
    {
        var (release, version) = Uname(dump);
        ulong banner = kernels.Facts(dump).Banner;
        string output = RunOk(dump, "rd -a linux_banner");
        Assert.False(output.EndsWith('\n')); // crash stops at the string's end without a newline
        string[] lines = output.Split('\n');
        var text = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.Equal($"{banner + (ulong)(60 * i):x}:  ", lines[i][..19]);
            Assert.True(i == lines.Length - 1 || lines[i].Length == 19 + 60, lines[i]);
            text.Append(lines[i][19..]);
        }
        Assert.StartsWith($"Linux version {release} (", text.ToString());
        Assert.EndsWith(version, text.ToString());
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void EveryWidthShowsTheSameBytes(string dump)
    {
        var (release, _) = Uname(dump);
        byte[] expected = Encoding.ASCII.GetBytes($"Linux version {release} (");
        int n = expected.Length / 8 * 8;
        byte[] b8 = BytesOf(RunOk(dump, $"rd -8 linux_banner {n}"), 1);
        Assert.Equal(expected[..n], b8);
        Assert.Equal(b8, BytesOf(RunOk(dump, $"rd -16 linux_banner {n / 2}"), 2));
        Assert.Equal(b8, BytesOf(RunOk(dump, $"rd -32 linux_banner {n / 4}"), 4));
        Assert.Equal(b8, BytesOf(RunOk(dump, $"rd -64 linux_banner {n / 8}"), 8));
        // the ASCII column of the default display is the same text
        string first = RunOk(dump, "rd linux_banner 2");
        Assert.EndsWith("   " + Encoding.ASCII.GetString(expected[..16]) + "\n", first);
        // -N shows 32-bit values in network byte order: "Linu" reads 4c696e75
        Assert.Contains(" 4c696e75 ", RunOk(dump, "rd -N -32 linux_banner 1"));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void RdPhysicalEqualsTheDumpsPage(string dump)
    {
        var k = kernels.Get(dump);
        ulong pfn = kernels.Facts(dump).BannerPhys >> 12;
        var page = new byte[4096];
        Assert.Null(k.Dump.TryReadPage(pfn, page));
        Assert.Equal(page, BytesOf(RunOk(dump, $"rd -p -64 {pfn << 12:x} 512"), 8));
        Assert.Equal(page[..64], BytesOf(RunOk(dump, $"rd -p -8 {pfn << 12:x} 64"), 1));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void DirectMapAndKernelTextShowTheSameMemory(string dump)
    {
        var f = kernels.Facts(dump);
        byte[] text = BytesOf(RunOk(dump, "rd linux_banner 16"), 8);
        byte[] direct = BytesOf(RunOk(dump, $"rd {f.PageOffset + f.BannerPhys:x} 16"), 8);
        Assert.Equal(text, direct);
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void RdRawWritesTheBytesToAFile(string dump)
    {
        var k = kernels.Get(dump);
        string path = Path.Combine(Path.GetTempPath(), $"crashdive-rd-{Guid.NewGuid():N}.bin");
        try
        {
            ulong banner = kernels.Facts(dump).Banner;
            Assert.Equal($"100 bytes copied from 0x{banner:x} to {path}\n", RunOk(dump, $"rd -r {path} linux_banner 100"));
            var expected = new byte[100];
            k.Memory.Read(banner, expected);
            Assert.Equal(expected, File.ReadAllBytes(path));
            Assert.StartsWith("Linux version ", Encoding.ASCII.GetString(expected));
            // -e gives the length instead of a count
            RunOk(dump, $"rd -r {path} -e {banner + 10:x} linux_banner");
            Assert.Equal(expected[..10], File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void RdNeverWritesTheDump(string dump)
    {
        string path = Fixtures.Path(dump);
        var before = new FileInfo(path);
        (long length, DateTime time) = (before.Length, before.LastWriteTimeUtc);
        string output = Run(dump, $"rd -r {path} linux_banner 8");
        Assert.StartsWith("rd: cannot open output file: ", output);
        var after = new FileInfo(path);
        Assert.Equal((length, time), (after.Length, after.LastWriteTimeUtc));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void MemoryTheDumpLacksGivesCrashsMessages(string dump)
    {
        var k = kernels.Get(dump);
        var f = kernels.Facts(dump);
        ulong end = f.PageOffset + f.EndPhys;
        Assert.Equal($"rd: read error: kernel virtual address: {end:x}  type: \"64-bit KVADDR\"\n", Run(dump, $"rd {end:x}"));
        Assert.Equal($"rd: read error: physical address: {f.EndPhys:x}  type: \"32-bit PHYSADDR\"\n", Run(dump, $"rd -32 -p {f.EndPhys:x}"));
        Assert.Equal($"rd: read error: kernel virtual address: {end:x}  type: \"ascii\"\n", Run(dump, $"rd -a {end:x} 4"));
        // a read that runs into the hole shows what it could read, then the message on the same line
        string partial = Run(dump, $"rd {end - 16:x} 4");
        Assert.Matches($"^ *{end - 16:x}:  [0-9a-f]{{16}} [0-9a-f]{{16}} rd: read error: kernel virtual address: {end:x}  type: \"64-bit KVADDR\"\n$", partial);
        // a vmalloc address without a mapping: no translation at all
        ulong hole = UnmappedVmalloc(k);
        Assert.Equal($"rd: invalid kernel virtual address: {hole:x}  type: \"8-bit KVADDR\"\n", Run(dump, $"rd -8 {hole:x}"));
        Assert.StartsWith($"VIRTUAL           PHYSICAL        \n{hole:x}  (not mapped)\n\nPGD DIRECTORY: ", RunOk(dump, $"vtop {hole:x}"));
        // between the user half and the direct map: not a user address either
        Assert.Equal("rd: invalid user virtual address: ffff800000000000  type: \"64-bit UVADDR\"\n", Run(dump, "rd ffff800000000000"));
    }

    private static ulong UnmappedVmalloc(KernelProgram k)
    {
        var r = k.Regions;
        for (ulong a = r.VmallocStart; a < r.VmallocEnd; a += 1UL << 30)
        {
            if (!k.Layout.PageTable.TryTranslate(a, out _, out _, out _))
                return a;
        }
        throw new InvalidOperationException("no unmapped vmalloc address found");
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void UserAddressesWithoutATaskSaySo(string dump)
    {
        // These kernels are opened without a vmlinux, so there is no task whose page tables to use.
        Assert.Contains("no current task with an address space", Run(dump, "rd 1000"));
        Assert.Contains("no current task with an address space", Run(dump, "rd -u ffff"));
        Assert.Contains("not supported yet", Run(dump, "vtop 1000"));
        Assert.Contains("not supported yet", Run(dump, "vtop -c 1 ffffffff81000000"));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void VtopAgreesWithTheTextMappingAndRoundTripsThroughPtov(string dump)
    {
        var k = kernels.Get(dump);
        var f = kernels.Facts(dump);
        string text = RunOk(dump, "vtop linux_banner");
        string[] lines = text.Split('\n');
        Assert.Equal($"{f.Banner:x}  {f.BannerPhys,-16:x}", lines[1]);
        Assert.Equal(k.Layout.TextToPhysical(f.Banner), f.BannerPhys);
        // the PAGE line names a page that holds the physical address
        string pageLine = lines.Single(l => l.StartsWith("  PAGE: ", StringComparison.Ordinal));
        ulong pageBase = ulong.Parse(pageLine[8..].Split(' ')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        ulong size = pageLine.EndsWith("(2MB)", StringComparison.Ordinal) ? 1UL << 21 : pageLine.EndsWith("(1GB)", StringComparison.Ordinal) ? 1UL << 30 : 4096;
        Assert.InRange(f.BannerPhys, pageBase, pageBase + size - 1);
        Assert.Contains(lines, l => l.Contains("(PRESENT|", StringComparison.Ordinal));

        ulong direct = f.PageOffset + f.BannerPhys;
        Assert.Equal($"{direct:x}  {f.BannerPhys,-16:x}", RunOk(dump, $"vtop {direct:x}").Split('\n')[1]);
        Assert.Equal($"VIRTUAL           PHYSICAL        \n{direct:x}  {f.BannerPhys,-16:x}\n", RunOk(dump, $"ptov {f.BannerPhys:x}"));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void VtopShowsTheStructPageOfAKernelImagePage(string dump)
    {
        var k = kernels.Get(dump);
        var f = kernels.Facts(dump);
        string[] lines = RunOk(dump, "vtop linux_banner").TrimEnd('\n').Split('\n');
        Assert.Equal("      PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS", lines[^2]);
        string[] fields = lines[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // struct page = vmemmap_base + pfn * sizeof(struct page), with vmemmap_base read from the kernel
        ulong vmemmap = k.Memory.ReadPointer(k.Kallsyms.Lookup("vmemmap_base")!.Value);
        ulong pfn = f.BannerPhys >> 12;
        Assert.Equal((vmemmap + pfn * (ulong)k.VmcoreInfo!.Size("page")!.Value).ToString("x"), fields[0]);
        Assert.Equal((pfn << 12).ToString("x"), fields[1]);
        // the kernel image is reserved memory: PG_reserved is set on its pages
        Assert.Equal("reserved", fields[^1]);
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void SymNamesVmcoreInfoSymbols(string dump)
    {
        var k = kernels.Get(dump);
        foreach (string name in new[] { "init_uts_ns", "init_top_pgt", "prb", "init_task", "linux_banner" })
        {
            ulong addr = k.VmcoreInfo!.Symbol(name) ?? k.Kallsyms.Lookup(name)!.Value;
            string line = RunOk(dump, $"sym {name}");
            Assert.Matches($"^{addr:x} \\([a-zA-Z]\\) {name}\n$", line);
            Assert.Equal(line, RunOk(dump, $"sym {addr:x}"));
            // inside the symbol: decimal offset, crash's default radix
            Assert.Equal($"{addr + 3:x} {line.Split(' ')[1]} {name}+3\n", RunOk(dump, $"sym {addr + 3:x}"));
            string[] around = RunOk(dump, $"sym -p -n {name}").TrimEnd('\n').Split('\n');
            Assert.Equal(3, around.Length);
            Assert.Equal(line.TrimEnd('\n'), around[1]);
            var addresses = around.Select(l => ulong.Parse(l.Split(' ')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
            Assert.True(addresses[0] <= addresses[1] && addresses[1] <= addresses[2], string.Join('\n', around));
        }
        // beyond crash: symbol+offset
        Assert.Equal(RunOk(dump, $"sym {k.Kallsyms.Lookup("linux_banner")!.Value + 3:x}"), RunOk(dump, "sym linux_banner+3"));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void SymListAndQueryCoverKallsyms(string dump)
    {
        var k = kernels.Get(dump);
        // sym -l is crash's symbol table: the vmlinux symbols (compared byte for byte with crash in
        // SymListDifferentialTests), then each module's; every global kallsyms text symbol is in it
        string[] all = RunOk(dump, "sym -l").TrimEnd('\n').Split('\n');
        int modules = Array.FindIndex(all, l => l.Contains(" MODULE START: ", StringComparison.Ordinal));
        string[] kernelPart = modules < 0 ? all : all[..modules];
        var addresses = kernelPart.Select(l => ulong.Parse(l.Split(' ')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
        for (int i = 1; i < addresses.Count; i++)
            Assert.True(addresses[i - 1] <= addresses[i], $"sym -l out of order at line {i}: {all[i - 1]} / {all[i]}");
        var listed = kernelPart.ToHashSet(StringComparer.Ordinal);
        int text = 0;
        for (int r = 0; r < k.Kallsyms.Count; r++)
        {
            var ks = k.Kallsyms[r];
            if (ks.Type != 'T' || ks.Name.Contains('.', StringComparison.Ordinal))
                continue;
            text++;
            Assert.Contains($"{ks.Address:x} (T) {ks.Name}", listed);
        }
        Assert.True(text > 1000, "kallsyms has global text symbols");
        string banner = RunOk(dump, "sym linux_banner").TrimEnd('\n');
        Assert.Contains(banner, all);
        string[] query = RunOk(dump, "sym -q banner").TrimEnd('\n').Split('\n');
        Assert.Contains(banner, query);
        Assert.All(query, l => Assert.Contains("banner", l.Split(' ')[2]));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void PtovPerCpuOffsetsPointAtEachCpusOwnNumber(string dump)
    {
        var k = kernels.Get(dump);
        ulong cpuNumber = kernels.Facts(dump).CpuNumber;
        string[] lines = RunOk(dump, $"ptov {cpuNumber:x}:a").TrimEnd('\n').Split('\n');
        Assert.Equal($"PER-CPU OFFSET: {cpuNumber:x}", lines[0]);
        int cpus = Math.Max(k.Dump.Notes.Prstatus.Count, k.Dump.Notes.QemuCpus.Count);
        Assert.Equal(cpus, lines.Length - 2);
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            string[] w = lines[2 + cpu].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"[{cpu}]", w[0]);
            // cpu_number is the per-cpu variable holding each CPU's own number
            ulong addr = ulong.Parse(w[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            Assert.Equal(cpu, k.Memory.Read<int>(addr));
        }
        Assert.Equal($"ptov: invalid cpu specification: {cpus}\n", Run(dump, $"ptov {cpuNumber:x}:{cpus}"));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void PageArithmetic(string dump)
    {
        ulong banner = kernels.Facts(dump).Banner;
        Assert.Equal($"{banner:x}: {banner >> 12:x}\n", RunOk(dump, $"btop {banner:x}"));
        Assert.Equal($"{banner >> 12:x}: {banner >> 12 << 12:x}\n", RunOk(dump, $"ptob {banner >> 12:x}"));
        Assert.Equal("64: 64000\n1f: 1f000\n", RunOk(dump, "ptob 100 1f")); // decimal when all digits
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void AddressFormsAgree(string dump)
    {
        ulong banner = kernels.Facts(dump).Banner;
        string expected = RunOk(dump, $"rd {banner + 8:x} 2");
        Assert.Equal(expected, RunOk(dump, "rd linux_banner+8 2"));
        Assert.Equal(expected, RunOk(dump, "rd (linux_banner+8) 2")); // crash 8.0.2 reads address 0 here (its evall bug)
        Assert.Equal(expected, RunOk(dump, "rd (linux_banner+0x8) 2"));
        Assert.Equal(expected, RunOk(dump, "rd -o 8 linux_banner 2"));
        Assert.Equal(expected, RunOk(dump, $"rd -e {banner + 24:x} linux_banner+8"));
        Assert.Equal(RunOk(dump, $"vtop {banner + 8:x}"), RunOk(dump, "vtop linux_banner+8"));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void RdOfTheDumpFileReadsItsBytes(string dump)
    {
        // -f: offsets into the dump file; an ELF file starts with its magic
        string output = RunOk(dump, "rd -f 0 2");
        Assert.Equal("               0:  00010102464c457f ", output[..36]);
        Assert.EndsWith("   .ELF............\n", output);
    }

    /// <summary>One kernel per dump for the whole class (kallsyms is decoded once).</summary>
    public sealed class Kernels : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<(KernelProgram Kernel, DumpFacts Facts)>> _open = new();

        public KernelProgram Get(string dump) => Open(dump).Kernel;

        public DumpFacts Facts(string dump) => Open(dump).Facts;

        private (KernelProgram Kernel, DumpFacts Facts) Open(string dump) => _open.GetOrAdd(dump, d => new(() =>
        {
            var k = new KernelProgram(DumpOpener.Open(Fixtures.Path(d)));
            return (k, DumpFacts.Of(k));
        })).Value;

        public void Dispose()
        {
            foreach (var l in _open.Values)
            {
                if (l.IsValueCreated)
                    l.Value.Kernel.Dispose();
            }
        }
    }
}
