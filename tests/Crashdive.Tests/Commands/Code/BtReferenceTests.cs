using System.Diagnostics;
using System.Text.RegularExpressions;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Commands.Code;

/// <summary>
/// bt on the fixture dumps against crash 8.0.2's recorded output, the kernel's own panic trace in the log,
/// and drgn's stack traces of the workload's sleeping tasks.
///
/// Where crash is wrong: crash 8.0.2 finds x86-64 frames by scanning the stack and checking frame sizes;
/// above do_syscall_64 (whose frame is BP-based because of the random kernel-stack offset) it falls back to
/// listing every text address on the stack, so it shows stale return addresses, the same ones the kernel's
/// own trace marks with "?". We unwind with ORC, so our frames are crash's frames without those: the test
/// checks that ours are an ordered subset of crash's (same slot, name and address) and that every frame of
/// crash that the kernel did not mark "?" is in ours.
/// </summary>
public sealed partial class BtReferenceTests
{
    public static TheoryData<string> Dumps() => new() { "kdump/vmcore.kdump-zlib", "kdump/vmcore.elf", "qemu/vmcore.elf" };

    [Theory]
    [MemberData(nameof(KdumpDumps))]
    public void PanicTaskFramesAreCrashsWithoutStaleOnes(string dump) => CheckAgainstCrash(dump);

    [Theory]
    [MemberData(nameof(QemuDumps))]
    public void PanicTaskFramesAreCrashsWithoutStaleOnesOnQemu(string dump) => CheckAgainstCrash(dump);

    public static TheoryData<string> KdumpDumps() => new() { "kdump/vmcore.kdump-zlib", "kdump/vmcore.elf" };

    public static TheoryData<string> QemuDumps() => new() { "qemu/vmcore.elf" };

    private static void CheckAgainstCrash(string dump)
    {
        using var kernel = Fixtures.OpenKernel(dump);
        string crash = Fixtures.CrashReference(dump, "bt");
        string ours = CommandRunner.RunOk(kernel, "bt");
        AssertSameHeaderAndUserRegisters(crash, ours);
        var crashFrames = Frames(crash);
        var ourFrames = Frames(ours);
        AssertOrderedSubset(ourFrames, crashFrames);
        var reliable = ReliableLogNames(kernel);
        // Every function the kernel's own trace shows as reliable is one of ours. (crash repeats
        // do_syscall_64 from a stale slot above the real one; ours has it once, at the real slot.)
        foreach (var f in crashFrames)
        {
            if (reliable.Contains(f.Name))
                Assert.Contains(ourFrames, o => o.Name == f.Name);
        }
        Assert.Contains(ourFrames, o => o.Name == "panic");
    }

    [Theory]
    [MemberData(nameof(KdumpDumps))]
    public void PanicTraceMatchesTheKernelsOwnFromPanicOn(string dump) => CheckAgainstLog(dump);

    [Theory]
    [MemberData(nameof(QemuDumps))]
    public void PanicTraceMatchesTheKernelsOwnFromPanicOnQemu(string dump) => CheckAgainstLog(dump);

    private static void CheckAgainstLog(string dump)
    {
        using var kernel = Fixtures.OpenKernel(dump);
        var ours = Frames(CommandRunner.RunOk(kernel, "bt")).Select(f => f.Name).SkipWhile(n => n != "panic").ToList();
        var log = LogTrace(kernel).Where(l => !l.Stale).Select(l => l.Name).SkipWhile(n => n != "panic").ToList();
        Assert.NotEmpty(ours);
        // The log's trace ends where the kernel stopped printing (entry code may follow in ours).
        Assert.Equal(log, ours.Take(log.Count).ToList());
    }

    [Fact(Skip = "assumes the first bt -a block is the NMI-stopped CPU; on this fixture build CPU 0 ran init. BtOptionsDifferentialTests compares bt -a with crash 9.0.2 whole; this test is to be rewritten to find the NMI-stopped CPU (issue 13, next stop)")]
    public void BtAllOnKdumpEqualsCrashForTheNmiStoppedCpu()
    {
        // CPU 0 was stopped by the crash NMI: crash's trace crosses the NMI exception stack correctly.
        const string dump = "kdump/vmcore.kdump-zlib";
        using var kernel = Fixtures.OpenKernel(dump);
        string crash = Fixtures.CrashReference(dump, "bt -a");
        string ours = CommandRunner.RunOk(kernel, "bt -a");
        string firstCrash = crash[..crash.IndexOf("\n\n", StringComparison.Ordinal)];
        string firstOurs = ours[..ours.IndexOf("\n\n", StringComparison.Ordinal)];
        // Equal up to where crash leaves the rails: if the NMI hit inside an interrupt (as in the current
        // fixture), crash reads the IRQ stack's exit as a bogus exception frame and says so.
        string[] c = firstCrash.Split('\n'), o = firstOurs.Split('\n');
        int same = 0;
        while (same < c.Length && same < o.Length && c[same] == o[same])
            same++;
        if (same < c.Length || same < o.Length)
            Assert.Contains(c.Skip(same), l => l.Contains("WARNING: possibly bogus exception frame"));
        Assert.Contains("--- <NMI exception stack> ---", o.Take(same));
    }

    [Fact]
    public void SleepingWorkloadTasksMatchDrgn()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        var truth = Fixtures.GroundTruthOf(dump);
        var pids = truth.FxLines.Select(l => SleeperPid().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        foreach (string l in truth.FxLines)
        {
            if (Regex.Match(l, @"^FX (?:nfq|tcp-server|udp-recv) pid=(\d+)") is { Success: true } m)
                pids.Add(int.Parse(m.Groups[1].Value));
        }
        pids = pids.Distinct().ToList();
        Assert.True(pids.Count >= 3, "ground truth names the workload's sleeping tasks");
        var drgn = DrgnStacks(dump, pids);
        using var kernel = Fixtures.OpenKernel(dump);
        foreach (int pid in pids)
        {
            var task = Tasks.FindByPid(kernel, pid);
            Assert.NotNull(task);
            var bt = TaskBacktrace.Of(kernel, task.Value);
            Assert.Null(bt.StopReason);
            var ours = bt.Frames.Select(f => f.Pc).ToList();
            Assert.Equal(drgn[pid], ours);
            Assert.NotNull(bt.UserRegs);
        }
    }

    [Fact]
    public void NonexistentPidIsRefusedInCrashsWords()
    {
        using var kernel = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        Assert.Equal("bt: invalid task or pid value: 999999\n", CommandRunner.Run(kernel, "bt 999999"));
        Assert.Equal("bt: invalid task or pid value: 123456789abc\n", CommandRunner.Run(kernel, "bt 123456789abc"));
    }

    [Fact]
    public void LineNumbersEqualCrashsForTheRealFrames()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        string vmlinux = Fixtures.Path("kernel/vmlinux");
        string crash = CrashReference.Run(vmlinux, Fixtures.Path(dump), ["bt -l"])[0];
        using var kernel = Fixtures.OpenKernel(dump);
        string ours = CommandRunner.RunOk(kernel, "bt -l");
        var crashPairs = FrameLinePairs(crash);
        var ourPairs = FrameLinePairs(ours);
        Assert.NotEmpty(ourPairs);
        foreach (var p in ourPairs)
            Assert.Contains(p, crashPairs);
    }

    private static List<(string Frame, string Line)> FrameLinePairs(string text)
    {
        var lines = text.Split('\n');
        var list = new List<(string, string)>();
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (FrameLine().Match(lines[i]) is { Success: true } m && lines[i + 1].StartsWith("    ", StringComparison.Ordinal) && lines[i + 1].Contains(": "))
                list.Add(($"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value}", lines[i + 1]));
        }
        return list;
    }

    private static void AssertSameHeaderAndUserRegisters(string crash, string ours)
    {
        Assert.Equal(crash.Split('\n')[0], ours.Split('\n')[0]);
        string RegisterBlock(string s) => string.Join('\n', s.Split('\n').Where(l => l.StartsWith("    R", StringComparison.Ordinal) || l.StartsWith("    ORIG_RAX", StringComparison.Ordinal)).TakeLast(7));
        Assert.Equal(RegisterBlock(crash), RegisterBlock(ours));
    }

    private static void AssertOrderedSubset(List<Frame> ours, List<Frame> crash)
    {
        int j = 0;
        foreach (var f in ours)
        {
            while (j < crash.Count && crash[j] != f)
                j++;
            Assert.True(j < crash.Count, $"frame {f} is not among crash's frames, in order");
            j++;
        }
    }

    private readonly record struct Frame(string Slot, string Name, string Pc);

    private static List<Frame> Frames(string text) =>
        FrameLine().Matches(text).Select(m => new Frame(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();

    private static HashSet<string> ReliableLogNames(Crashdive.Kernel.KernelProgram kernel) =>
        LogTrace(kernel).Where(l => !l.Stale).Select(l => l.Name).ToHashSet();

    // The "Call Trace:" of the panic in the kernel log: names, and whether the kernel marked them "?".
    private static List<(string Name, bool Stale)> LogTrace(Crashdive.Kernel.KernelProgram kernel)
    {
        string log = CommandRunner.RunOk(kernel, "log");
        var lines = log.Split('\n');
        int start = Array.FindLastIndex(lines, l => l.Contains("Call Trace:"));
        Assert.True(start >= 0, "the log holds the panic's call trace");
        var list = new List<(string, bool)>();
        for (int i = start + 1; i < lines.Length; i++)
        {
            var m = LogTraceLine().Match(lines[i]);
            if (!m.Success)
            {
                if (lines[i].Contains("<TASK>") || lines[i].Contains("</IRQ>") || lines[i].Contains("<IRQ>"))
                    continue;
                break;
            }
            list.Add((m.Groups[2].Value, m.Groups[1].Success));
        }
        return list;
    }

    private static Dictionary<int, List<ulong>> DrgnStacks(string dump, List<int> pids)
    {
        string script = Path.Combine(Path.GetTempPath(), $"crashdive-drgn-{Environment.ProcessId}.py");
        File.WriteAllText(script, $$"""
            from drgn.helpers.linux.pid import find_task
            for pid in [{{string.Join(",", pids)}}]:
                seen = []
                for f in prog.stack_trace(find_task(prog, pid)):
                    if f.pc >= 0xffff800000000000 and (not seen or seen[-1] != f.pc):
                        seen.append(f.pc)
                print(pid, " ".join(hex(p) for p in seen))
            """);
        var psi = new ProcessStartInfo(DrgnScript.Binary(), ["-q", "-c", Fixtures.Path(dump), "-s", Fixtures.Path("kernel/vmlinux"), script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        File.Delete(script);
        var result = new Dictionary<int, List<ulong>>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], out int pid))
                continue;
            result[pid] = parts.Skip(1).Select(h => Convert.ToUInt64(h, 16)).ToList();
        }
        Assert.True(result.Count == pids.Count, $"drgn gave stacks for every pid; output:\n{stdout}");
        return result;
    }

    [GeneratedRegex(@"^ ?#\d+ \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"^\[[ 0-9.]+\]\s+(\? )?([A-Za-z0-9_.]+)\+0x[0-9a-f]+/0x[0-9a-f]+")]
    private static partial Regex LogTraceLine();

    [GeneratedRegex(@"^FX sleeper pid=(\d+)")]
    private static partial Regex SleeperPid();
}
