using System.Globalization;
using System.Text.RegularExpressions;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// <c>sig</c> and <c>foreach sig</c>. Byte-identical to crash 8.0.2 for its options, errors and the tasks crash can see
/// (3 of the guest's on 6.1); for the workload's processes, which crash cannot see, every mask and disposition is
/// checked against the guest's /proc/PID/status (SigPnd, ShdPnd, SigBlk, SigIgn, SigCgt), and fx-signals' handlers
/// and queued signals against what it printed (handler addresses, SIGRTMIN+2 queued with the value 42), on the 6.1
/// and 6.12 dumps.
/// </summary>
public sealed partial class SigTests
{
    private static readonly string[] Commands =
    [
        "sig -s zz", "sig -s 0", "sig -s 800004201", "sig -s ffffffffffffffff", "sig -s 0x10000", "sig 1", "sig -g 1",
        "sig nosuch", "sig 99999", "sig 99999 1", "sig -l", "sig 0", "foreach 1 sig", "foreach 0 sig -g",
        "foreach 0 sig", "sig", "sig -g 0", "foreach sig -l",
    ];

    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void MatchesCrash(string dumpRel)
    {
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dumpRel), Commands);
        using var k = Fixtures.OpenKernel(dumpRel);
        CrashComparison.AssertSame(k, Commands, crash);
        // getopt's complaint goes to crash's stderr, which the reference does not keep; the usage follows it
        Assert.Equal("sig: invalid option -- 'x'\nUsage:\n  sig [[-l] | [-s sigset]] | [-g] [pid | taskp] ...\nEnter \"help sig\" for details.\n",
            CommandRunner.Run(k, "sig -x"));
    }

    [Theory]
    [InlineData("6.1", "kdump/vmcore.kdump-zlib")]
    [InlineData("6.1", "qemu/vmcore.elf")]
    [InlineData("6.12", "kdump/vmcore.elf")]
    [InlineData("6.12", "qemu/vmcore.elf")]
    public void MasksAndHandlersAreTheGuests(string kernel, string dumpRel)
    {
        bool is612 = kernel == "6.12";
        using var k = is612 ? Fixtures.OpenKernel612(dumpRel) : Fixtures.OpenKernel(dumpRel);
        var truth = is612 ? Fixtures.GroundTruth612(dumpRel[..dumpRel.IndexOf('/')]) : Fixtures.GroundTruthOf(dumpRel);
        var rows = truth.Section("signals").Where(l => l.Contains(" SigBlk: ", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, r => r.Contains(" fx-signals ", StringComparison.Ordinal));
        foreach (string row in rows)
        {
            int pid = int.Parse(row.Split(' ')[0], CultureInfo.InvariantCulture);
            string sig = CommandRunner.RunOk(k, $"sig {pid}");
            Assert.Contains($"   BLOCKED: {Field(row, "SigBlk")}\n", sig);
            Assert.Contains($"PRIVATE_PENDING\n    SIGNAL: {Field(row, "SigPnd")}\n", sig);
            Assert.Contains($"SHARED_PENDING\n    SIGNAL: {Field(row, "ShdPnd")}\n", sig);
            // SigIgn: the SIG_IGN rows; SigCgt: the rows with a handler
            ulong ignored = 0, caught = 0;
            foreach (Match m in ActionRow().Matches(sig))
            {
                int n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (m.Groups[2].Value == "SIG_IGN")
                    ignored |= 1UL << (n - 1);
                else if (m.Groups[2].Value != "SIG_DFL")
                    caught |= 1UL << (n - 1);
            }
            Assert.Equal(Convert.ToUInt64(Field(row, "SigIgn"), 16), ignored);
            Assert.Equal(Convert.ToUInt64(Field(row, "SigCgt"), 16), caught);
        }

        // fx-signals: its handlers at the addresses it printed, with the flags it asked for; its queued signals
        string fx = truth.FxLines.Single(l => l.StartsWith("FX signals ", StringComparison.Ordinal));
        int fxPid = int.Parse(Regex.Match(fx, @"pid=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        string usr1 = Regex.Match(fx, @"handler-usr1=0x([0-9a-f]+)").Groups[1].Value;
        string intr = Regex.Match(fx, @"handler-int=0x([0-9a-f]+)").Groups[1].Value;
        int rt = int.Parse(Regex.Match(fx, @"rtmin=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture) + 2;
        string s = CommandRunner.RunOk(k, $"sig {fxPid}");
        // SIGUSR1: SA_RESTART, sa_mask SIGQUIT; SIGINT and SIGRTMIN+2: SA_SIGINFO
        Assert.Matches($@"\n\[10\] [0-9a-f]{{16}} +{usr1} 0000000000000004 14000000 \(SA_RESTORER\|SA_RESTART\)\n", s);
        Assert.Matches($@"\n \[2\] [0-9a-f]{{16}} +{intr} 0000000000000000 4000004 \(SA_RESTORER\|SA_SIGINFO\)\n", s);
        Assert.Matches($@"\n\[{rt}\] [0-9a-f]{{16}} +{intr} 0000000000000000 4000004 \(SA_RESTORER\|SA_SIGINFO\)\n", s);
        // SIGTERM queued for the thread; SIGUSR1 and SIGRTMIN+2 (value 42) for the process, in the order sent
        var privateQueue = Queue(s, "PRIVATE_PENDING");
        Assert.Equal([15], privateQueue.Select(q => q.Signo));
        var shared = Queue(s, "SHARED_PENDING");
        Assert.Equal([10, rt], shared.Select(q => q.Signo));
        var info = KObject.Reference(k, k.Type("struct kernel_siginfo"), shared[1].Info);
        Assert.Equal(rt, info.Member("si_signo").ToInt64());
        Assert.Equal(42, info.Member("_sifields").Member("_rt").Member("_sigval").Member("sival_int").ToInt64());
        Assert.Contains("SIGPENDING: no\n", s); // everything pending is blocked

        // foreach sig over workload processes: each task as sig shows it, one blank line between them
        var pids = rows.Select(r => int.Parse(r.Split(' ')[0], CultureInfo.InvariantCulture)).Order().Take(3).ToList();
        string each = CommandRunner.RunOk(k, "sig " + string.Join(' ', pids));
        Assert.Equal(each[..^1], CommandRunner.RunOk(k, "foreach " + string.Join(' ', pids) + " sig"));
        // -g: one thread, so the group is the task, its thread-level part indented
        string g = CommandRunner.RunOk(k, $"sig -g {fxPid}");
        Assert.Contains($"\n  PID: {fxPid,-7}  TASK: ", g);
        Assert.Contains("\n     BLOCKED: " + Field(rows.Single(r => r.Contains(" fx-signals ")), "SigBlk") + "\n", g);
    }

    private static string Field(string row, string name) => Regex.Match(row, name + @": ([0-9a-f]{16})").Groups[1].Value;

    private static List<(int Signo, ulong Info)> Queue(string sig, string section)
    {
        string after = sig[(sig.IndexOf(section, StringComparison.Ordinal) + section.Length)..];
        var list = new List<(int, ulong)>();
        foreach (string line in after.Split('\n').Skip(3))
        {
            var m = QueueRow().Match(line);
            if (!m.Success)
                break;
            list.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Convert.ToUInt64(m.Groups[2].Value, 16)));
        }
        return list;
    }

    [GeneratedRegex(@"(?m)^ ?\[(\d+)\] [0-9a-f]+ +(\S+) ")]
    private static partial Regex ActionRow();

    [GeneratedRegex(@"^ {13}([ \d]{3})  ([0-9a-f]+)$")]
    private static partial Regex QueueRow();
}
