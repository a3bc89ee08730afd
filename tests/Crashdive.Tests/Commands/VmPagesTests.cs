using System.Globalization;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// vm -p, -P, -R and -f. crash 8.0.2 fails every VMA listing on 6.1 (mm_struct.mmap is gone), so the pages
/// are checked against drgn: the bytes drgn reads from the task's address space (access_remote_vm, its own
/// page-table walk) must be the bytes at the physical address we print, on the QEMU dump that holds user pages.
/// vm -f is compared with crash where crash's names are still the kernel's, and with the kernel's own
/// vmaflag_names where they are not.
/// </summary>
public sealed class VmPagesTests
{
    private const string QemuDump = "qemu/vmcore.paging-elf";

    [Fact]
    public void PhysicalAddressesHoldWhatDrgnReadsFromTheTask()
    {
        using KernelProgram k = Fixtures.OpenKernel(QemuDump);
        var truth = Fixtures.GroundTruthOf(QemuDump);
        int pid = truth.Processes.Single(p => p.Comm == "fx-holdfile").Pid;
        string ours = CommandRunner.RunOk(k, $"vm -p {pid}");
        var mapped = new List<(ulong Virt, ulong Phys)>();
        var unmapped = new List<ulong>();
        foreach (string line in ours.Split('\n'))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 2 && ulong.TryParse(f[0], NumberStyles.HexNumber, null, out ulong v) && ulong.TryParse(f[1], NumberStyles.HexNumber, null, out ulong p))
                mapped.Add((v, p));
            else if (line.EndsWith("(not mapped)", StringComparison.Ordinal))
                unmapped.Add(ulong.Parse(f[0], NumberStyles.HexNumber));
        }
        Assert.True(mapped.Count >= 20, ours);
        ulong mm = Tasks.FindByPid(k, pid)!.Value.Member("mm").ToUInt64();
        string addrs = string.Join(",", mapped.Select(m => $"0x{m.Virt:x}").Concat(unmapped.Select(u => $"0x{u:x}")));
        string script = $$"""
            from drgn import Object
            from drgn.helpers.linux.mm import access_remote_vm
            mm = Object(prog, "struct mm_struct *", {{mm}})
            for a in [{{addrs}}]:
                try:
                    print(hex(a), access_remote_vm(mm, a, 16).hex())
                except Exception:
                    print(hex(a), "fault")
            """;
        var drgn = DrgnScript.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(QemuDump), script)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(f => Convert.ToUInt64(f[0], 16), f => f[1]);
        var buffer = new byte[16];
        foreach (var (virt, phys) in mapped)
        {
            Assert.Equal(16, k.Physical.Read(phys, buffer));
            Assert.Equal(drgn[virt], Convert.ToHexString(buffer).ToLowerInvariant());
        }
        // anonymous pages we call unmapped are ones drgn cannot read either
        foreach (ulong u in unmapped)
            Assert.Equal("fault", drgn[u]);
    }

    [Fact]
    public void SingleVmaAndReferencesFindWhatTheFullListingShows()
    {
        using KernelProgram k = Fixtures.OpenKernel(QemuDump);
        string all = CommandRunner.RunOk(k, "vm 1");
        string[] vma = all.Split('\n').First(l => l.EndsWith("/bin/busybox", StringComparison.Ordinal) && l.Contains(" 8000075 ")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string single = CommandRunner.RunOk(k, $"vm -P {vma[0]} 1");
        string[] lines = single.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("PID: 1 ", lines[0]);
        Assert.EndsWith("/bin/busybox", lines[2]);
        ulong start = Convert.ToUInt64(vma[1], 16), end = Convert.ToUInt64(vma[2], 16);
        Assert.Equal((int)((end - start) / 4096), lines.Length - 4); // one line per page
        Assert.EndsWith("(not found)\n", CommandRunner.RunOk(k, "vm -P 1234 1"));
        // -R with a physical address finds its page, and only it
        string page = lines[4];
        string phys = page.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        string found = CommandRunner.RunOk(k, $"vm -R {phys} 1");
        Assert.Contains(page + "\n", found);
        Assert.Single(found.Split('\n'), l => l.Contains(phys));
        Assert.Equal("", CommandRunner.RunOk(k, "vm -R deadbeef000 1"));
        // a file name finds every VMA of that file and nothing else
        string byName = CommandRunner.RunOk(k, "vm -R busybox 1");
        Assert.Equal(all.Split('\n').Count(l => l.EndsWith("/bin/busybox", StringComparison.Ordinal)), byName.Split('\n').Count(l => l.EndsWith("/bin/busybox", StringComparison.Ordinal)));
    }

    [Fact]
    public void FlagsMatchCrashWhereItsNamesAreStillTheKernels()
    {
        string[] same = ["vm -f 73", "vm -f 100173", "vm -f 0x2075", "vm -f 80000000", "vm -f 10000000"];
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path("kdump/vmcore.kdump-zlib"), [.. same, "vm -f 8100073"]);
        using KernelProgram k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        for (int i = 0; i < same.Length; i++)
            Assert.Equal(crash[i], CommandRunner.RunOk(k, same[i]));
        // crash 8.0.2 names bit 0x8000000 CAN_NONLINEAR (before 3.7); the kernel's vmaflag_names calls it softdirty
        Assert.Equal("8100073: (READ|WRITE|MAYREAD|MAYWRITE|MAYEXEC|ACCOUNT|CAN_NONLINEAR)\n", crash[^1]);
        Assert.Equal("8100073: (READ|WRITE|MAYREAD|MAYWRITE|MAYEXEC|ACCOUNT|SOFTDIRTY)\n", CommandRunner.RunOk(k, "vm -f 8100073"));
        // every name of the kernel's table decodes to itself
        var table = k.Variable("vmaflag_names");
        for (int i = 0; table.Index(i).Member("mask").ToUInt64() != 0; i++)
        {
            ulong mask = table.Index(i).Member("mask").ToUInt64();
            string name = table.Index(i).Member("name").ReadString(64).ToUpperInvariant();
            Assert.Equal($"{mask:x}: ({name})\n", CommandRunner.RunOk(k, $"vm -f {mask:x}"));
        }
    }

    [Fact]
    public void JsonListsTheVmasTheTextShows()
    {
        using KernelProgram k = Fixtures.OpenKernel(QemuDump);
        var output = new StringWriter { NewLine = "\n" };
        new Crashdive.Commands.Tasks.VmCommand().ExecuteJson(new Crashdive.Commands.CommandContext(k, output), ["1"]);
        var json = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        var text = CommandRunner.RunOk(k, "vm 1").Split('\n').Skip(4).Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(Tasks.FindByPid(k, 1)!.Value.Member("mm").Member("map_count").ToInt64(), json.Count);
        Assert.Equal(text.Select(t => (t[0], t[1], t[2], t[3], t.Length > 4 ? t[4] : null)),
            json.Select(j => (j.GetProperty("vma").GetString()!, j.GetProperty("start").GetString()!, j.GetProperty("end").GetString()!, j.GetProperty("flags").GetString()!,
                j.TryGetProperty("file", out var f) ? f.GetString() : null)));
        Assert.All(json, j => Assert.Contains("READ", j.GetProperty("flag_names").EnumerateArray().Select(n => n.GetString())));
    }

    [Theory]
    [InlineData("vm -f zz", "vm: invalid vm_flags: zz\n")]
    [InlineData("vm -P xyz", "vm: invalid vm_area_struct address: xyz\n")]
    [InlineData("vm -M 1234 2", "vm: invalid mm_struct address\n")]
    [InlineData("vm -x -d", "vm: -d and -x are mutually exclusive\n")]
    public void BadInputIsOneLine(string line, string expected)
    {
        using KernelProgram k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        Assert.EndsWith(expected, CommandRunner.Run(k, line));
    }

    [Fact]
    public void PagesOfTheNewerKernel()
    {
        using KernelProgram k = Fixtures.OpenKernel612("qemu/vmcore.elf");
        var holdfile = Fixtures.GroundTruth612("qemu").Single("fx-holdfile");
        string ours = CommandRunner.RunOk(k, $"vm -p {holdfile.Pid}");
        var mapped = ours.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 2 && ulong.TryParse(f[1], NumberStyles.HexNumber, null, out _) && ulong.TryParse(f[0], NumberStyles.HexNumber, null, out _)).ToList();
        Assert.True(mapped.Count >= 20, ours);
        // the first mapped page of the program's text is an ELF file: the QEMU dump holds user pages
        string[] text = ours.Split('\n').SkipWhile(l => !l.EndsWith("/fxwork", StringComparison.Ordinal)).Skip(2)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).First();
        Assert.True(text.Length == 2, string.Join(' ', text)); // the ELF header page was read, so it is mapped
        ulong phys = Convert.ToUInt64(text[1], 16);
        var magic = new byte[4];
        Assert.Equal(4, k.Physical.Read(phys, magic));
        Assert.Equal("\u007fELF"u8.ToArray(), magic);
    }
}
