using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Tests.Commands;

/// <summary>
/// The task commands on the 6.12 fixture, which crash 8.0.2 cannot open: facts checked against that
/// guest's ground truth (rss_stat is a percpu_counter array there, VMAs and PIDs live in other structures).
/// </summary>
public sealed class TaskCommands612Tests
{
    /// <summary>The 6.12 fixture beside the current one (fixtures/build.sh builds one directory per kernel release).</summary>
    private static string Root612() => Fixtures.Path612(".");

    private static KernelProgram Open(string dump) =>
        new(DumpOpener.Open(Path.Combine(Root612(), dump)), SymbolFile.Open(Path.Combine(Root612(), "kernel/vmlinux")));

    private static Fixtures.Truth Truth() =>
        Fixtures.Truth.Parse(File.ReadAllLines(Path.Combine(Root612(), "kdump/ground-truth.txt")), "6.12 kdump/ground-truth.txt");

    [Fact]
    public void PsFilesSetAndSysOn612()
    {
        // The ELF copy of the capture: makedumpfile -d 31 left real slab pages (task_structs) out of the
        // 6.12 kdump-compressed files (see crash-facts.md); there ps reports those tasks as unreadable.
        using var k = Open("kdump/vmcore.elf");
        var truth = Truth();
        Assert.StartsWith("6.12.", truth.Release);
        TaskCommandsTests.AssertPsMatchesTruth(k, truth);
        TaskCommandsTests.AssertFilesMatchTruth(k, truth);
        // user processes have an mm: VSZ and RSS are read from the percpu_counter rss_stat
        string ps = CommandRunner.RunOk(k, $"ps {truth.Single("fx-holdfile").Pid}");
        var cols = ps.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(long.Parse(cols[^3]) > 0 && long.Parse(cols[^2]) > 0, ps);
        // sys: the guest's uname and all of its tasks; the panic message from the log
        string sys = CommandRunner.RunOk(k, "sys");
        Assert.Contains($"     RELEASE: {truth.Release}\n", sys);
        Assert.Contains($"        CPUS: {truth.Cpus}\n", sys);
        Assert.Contains("       PANIC: \"Kernel panic - not syncing: sysrq triggered crash\"\n", sys);
        // set -p: the panic task is the one that wrote to /proc/sysrq-trigger, running
        string set = CommandRunner.RunOk(k, "set -p");
        Assert.Contains("STATE: TASK_RUNNING (PANIC)", set);
        Assert.Contains("/proc/sysrq-trigger", CommandRunner.RunOk(k, "files"));
        string runq = CommandRunner.RunOk(k, "runq");
        Assert.Equal(truth.Cpus, runq.Split('\n').Count(l => l.StartsWith("CPU ") && l.Contains(" RUNQUEUE: ")));
    }
}
