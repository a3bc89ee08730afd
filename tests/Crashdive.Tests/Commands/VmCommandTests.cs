using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// <c>vm</c>: crash 8.0.2 prints the task and mm lines and then fails on 6.1 (it looks for
/// <c>mm_struct.mmap</c>, which the maple tree replaced), so the lines it does print are compared with
/// crash, and the VMAs with the kernel's own count (<c>map_count</c>) and the guest's command lines.
/// </summary>
public sealed class VmCommandTests
{
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void HeaderLinesEqualCrashsAndVmasAreTheKernels(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        var truth = Fixtures.GroundTruthOf(dump);
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), ["vm 1", "vm 0"]);
        foreach (var (i, pid) in new[] { (0, 1), (1, 0) })
        {
            string ours = CommandRunner.RunOk(k, $"vm {pid}");
            string head = string.Join('\n', ours.Split('\n').Take(3)) + "\n";
            Assert.Contains(head, crash[i]);
        }
        // Kernel threads have no mm: crash prints all of it, one block per CPU's idle task.
        Assert.Equal(crash[1], CommandRunner.RunOk(k, "vm 0"));
        foreach (var p in truth.Processes.Where(p => p.Comm.StartsWith("fx-")))
        {
            string ours = CommandRunner.RunOk(k, $"vm {p.Pid}");
            var vmas = ours.Split('\n').Skip(4).Where(l => l.Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            KObject task = Tasks.FindByPid(k, p.Pid)!.Value;
            Assert.Equal(task.Member("mm").Member("map_count").ToInt64(), vmas.Count);
            ulong last = 0;
            foreach (var v in vmas)
            {
                ulong start = Convert.ToUInt64(v[1], 16), end = Convert.ToUInt64(v[2], 16);
                Assert.True(start >= last && end > start, $"pid {p.Pid}: VMA {v[1]}-{v[2]} out of order");
                last = end;
            }
            // The program's text is mapped from the file the guest ran (argv[0] in its ps args).
            string argv0 = ArgsOf(truth, p.Pid).Split(' ')[0];
            Assert.Contains(vmas, v => v.Length == 5 && v[4].EndsWith("/" + argv0));
        }
    }

    [Fact]
    public void ATaskOfTheNewerKernelListsItsVmasFromTheMapleTree()
    {
        using KernelProgram k = Fixtures.OpenKernel612("qemu/vmcore.elf");
        var holdfile = Fixtures.GroundTruth612("qemu").Single("fx-holdfile");
        string ours = CommandRunner.RunOk(k, $"vm {holdfile.Pid}");
        KObject task = Tasks.FindByPid(k, holdfile.Pid)!.Value;
        int vmas = ours.Split('\n').Skip(4).Count(l => l.Length > 0);
        Assert.Equal(task.Member("mm").Member("map_count").ToInt64(), vmas);
        Assert.Contains("/fxwork\n", ours);
    }

    [Fact]
    public void MmAndVmaStructsPrintAsStructDoes()
    {
        using KernelProgram k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        KObject init = Tasks.FindByPid(k, 1)!.Value;
        ulong mm = init.Member("mm").ToUInt64();
        string viaVm = CommandRunner.RunOk(k, "vm -m 1");
        Assert.EndsWith(CommandRunner.RunOk(k, $"struct mm_struct {mm:x}"), viaVm);
        Assert.Contains("vm_start = ", CommandRunner.RunOk(k, "vm -v 1"));
        Assert.Contains("invalid task or pid value", CommandRunner.Run(k, "vm 999999"));
    }

    private static string ArgsOf(Fixtures.Truth truth, int pid)
    {
        foreach (string line in truth.Section("ps args"))
        {
            string t = line.Trim();
            int sp = t.IndexOf(' ');
            if (sp > 0 && int.TryParse(t[..sp], out int p) && p == pid)
                return t[(t.IndexOf('}') + 2)..];
        }
        throw new Xunit.Sdk.XunitException($"no ps args line for {pid}");
    }
}
