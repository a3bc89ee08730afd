using System.Diagnostics;
using System.Text.RegularExpressions;
using Crashdive.Commands;
using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Tests.Commands;

/// <summary>
/// ps, set, sys, files, runq and foreach on the real dumps. The task list is checked against the guest's
/// own ground truth, not against crash: crash 8.0.2 walks the PID hash, misreads it on Debian's 6.1
/// kernel and sees 3 tasks of ~60 (swapper/0, swapper/1, init). Where crash is right (those 3 tasks,
/// the run queues, set, sys except TASKS) our output must equal its byte for byte.
/// </summary>
public sealed partial class TaskCommandsTests
{
    public static TheoryData<string> Dumps => new() { "kdump/vmcore.kdump-zlib", "qemu/vmcore.elf" };

    [GeneratedRegex(@"^[> ] +(\d+) +(\d+) +(\d+)  ([0-9a-f]{16}) +([A-Z?]{2}) +[\d.]+ +(\d+) +(\d+)  (.*)$")]
    private static partial Regex PsRow();

    /// <summary>The rows of ps output: pid, ppid, cpu, task, state, vsz, rss, comm (brackets removed).</summary>
    private static List<(int Pid, int Ppid, int Cpu, ulong Task, string State, long Vsz, long Rss, string Comm)> Rows(string ps) =>
        ps.Split('\n').Select(l => PsRow().Match(l)).Where(m => m.Success).Select(m => (
            int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value),
            Convert.ToUInt64(m.Groups[4].Value, 16), m.Groups[5].Value, long.Parse(m.Groups[6].Value), long.Parse(m.Groups[7].Value),
            m.Groups[8].Value.Trim('[', ']'))).ToList();

    internal static void AssertPsMatchesTruth(KernelProgram k, Fixtures.Truth truth)
    {
        var rows = Rows(CommandRunner.RunOk(k, "ps"));
        var seen = rows.Where(r => r.Pid != 0).Select(r =>
        {
            // /proc shows a kworker's comm with its workqueue appended ("kworker/0:0-rcu_gp").
            var t = truth.Processes.FirstOrDefault(x => x.Pid == r.Pid);
            string comm = t != null && t.Comm.StartsWith("kworker/") && t.Comm.StartsWith(r.Comm + "-") ? t.Comm : r.Comm;
            return (r.Pid, r.Ppid, comm);
        }).ToList();
        var expected = truth.Processes.Select(p => (p.Pid, p.Ppid, p.Comm)).ToList();
        var missing = expected.Except(seen).ToList();
        Assert.True(missing.Count == 0, "missing from ps: " + string.Join(", ", missing));
        // The guest listed its processes moments before the panic; the panicking shell may have forked since.
        Assert.InRange(seen.Count - expected.Count, 0, 2);
        // one idle task per CPU, shown as [swapper/N] with PID 0
        var idle = rows.Where(r => r.Pid == 0).Select(r => r.Comm).ToList();
        Assert.Equal(Enumerable.Range(0, truth.Cpus).Select(c => $"swapper/{c}"), idle);
        // ps -c: the children of init are the guest's processes whose parent is 1 (crash 8.0.2 says
        // "(no children)": it does not see them)
        var children = CommandRunner.RunOk(k, "ps -c 1").Split('\n').Skip(1).Where(l => l.StartsWith("  PID: "))
            .Select(l => int.Parse(l[7..].Split(' ')[0])).ToHashSet();
        Assert.Superset(truth.Processes.Where(p => p.Ppid == 1).Select(p => p.Pid).ToHashSet(), children);
        // the panic task is marked active and running
        Assert.Contains(CommandRunner.RunOk(k, "ps").Split('\n'), l => l.StartsWith('>') && l.Contains(" RU "));
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void PsListsExactlyTheGuestsProcesses(string dump)
    {
        using var k = Fixtures.OpenKernel(dump);
        AssertPsMatchesTruth(k, Fixtures.GroundTruthOf(dump));
    }

    [Fact]
    public void FilesShowsTheHeldFileAndTheSockets()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        using var k = Fixtures.OpenKernel(dump);
        AssertFilesMatchTruth(k, Fixtures.GroundTruthOf(dump));
    }

    internal static void AssertFilesMatchTruth(KernelProgram k, Fixtures.Truth truth)
    {
        // ground truth "fds": "PID COMM FD TARGET" from /proc/PID/fd
        foreach (var group in truth.Section("fds").Select(l => l.Split(' ')).Where(t => t.Length == 4).GroupBy(t => t[0]))
        {
            string files = CommandRunner.RunOk(k, $"files {group.Key}");
            Assert.StartsWith($"PID: {group.Key,-7}", files);
            var lines = files.Split('\n');
            foreach (var fd in group)
            {
                string? line = lines.FirstOrDefault(l => l.Length > 3 && l[..3].Trim() == fd[2]);
                Assert.True(line != null, $"files {group.Key}: no fd {fd[2]}\n{files}");
                if (fd[3].StartsWith("socket:"))
                    Assert.Contains(" SOCK ", line);
                else if (fd[3].StartsWith("pipe:["))
                {
                    // crash 8.0.2 calls a 6.x pipe a FIFO (it looks for pipe_inode_operations) with no path:
                    // the inode is the one /proc named
                    Assert.EndsWith(" FIFO ", line);
                    ulong inode = Convert.ToUInt64(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], 16);
                    Assert.Equal(fd[3][6..^1], KObject.Reference(k, k.Type("struct inode"), inode).Member("i_ino").ToUInt64().ToString());
                }
                else
                    Assert.EndsWith(" " + fd[3], line);
            }
        }
        var hold = truth.FxLines.Single(l => l.StartsWith("FX holdfile"));
        string pid = Regex.Match(hold, @"pid=(\d+)").Groups[1].Value;
        Assert.Contains("  3 ", CommandRunner.RunOk(k, $"files {pid}").Split('\n').Single(l => l.EndsWith("REG  /tmp/fixture-file.txt")));
        // the TCP server's listening and accepted sockets, the UDP receiver's socket
        string srv = Regex.Match(truth.FxLines.First(l => l.StartsWith("FX tcp-server")), @"pid=(\d+)").Groups[1].Value;
        Assert.Equal(2, Regex.Matches(CommandRunner.RunOk(k, $"files {srv}"), @" SOCK TCP\n").Count);
        string udp = Regex.Match(truth.FxLines.First(l => l.StartsWith("FX udp-recv")), @"pid=(\d+)").Groups[1].Value;
        Assert.Contains(" SOCK UDP\n", CommandRunner.RunOk(k, $"files {udp}"));
    }

    [Fact]
    public void VszAndRssAgreeWithDrgn()
    {
        // drgn 0.3.0's task_rss(): file + anon + shmem pages, with each thread's unflushed task->rss_stat on 6.1
        // (the ground truth's VmRSS is checked in RssGroundTruthTests)
        const string dump = "kdump/vmcore.kdump-zlib";
        const string script = """
            from drgn.helpers.linux.pid import for_each_task
            from drgn.helpers.linux.mm import task_rss
            for t in for_each_task(prog):
                if not t.mm: continue
                print(t.pid.value_(), t.mm.total_vm.value_() * 4, task_rss(t).total * 4)
            """;
        var drgn = RunDrgn(Fixtures.Path(dump), script).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(t => int.Parse(t[0]), t => (long.Parse(t[1]), long.Parse(t[2])));
        using var k = Fixtures.OpenKernel(dump);
        var rows = Rows(CommandRunner.RunOk(k, "ps -u"));
        Assert.True(rows.Count >= 8, "too few user processes");
        foreach (var r in rows)
            Assert.Equal(drgn[r.Pid], (r.Vsz, r.Rss));
    }

    private static string RunDrgn(string dump, string script)
    {
        string file = Path.Combine(Path.GetTempPath(), $"crashdive-tasks-{Guid.NewGuid():n}.py");
        File.WriteAllText(file, script);
        try
        {
            var psi = new ProcessStartInfo(DrgnScript.Binary()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "-q", "-c", dump, "-s", Fixtures.Path("kernel/vmlinux"), file })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "drgn failed: " + err.Result);
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BadInputGetsCrashsWording()
    {
        using var k = Fixtures.OpenKernel("kdump/vmcore.kdump-zlib");
        Assert.StartsWith("ps: invalid task or pid value: 99999\n\n", CommandRunner.Run(k, "ps 99999"));
        Assert.Equal("set: invalid task or pid value: 99999\n", CommandRunner.Run(k, "set 99999"));
        Assert.Equal("foreach: unknown argument: \"99999\"\n", CommandRunner.Run(k, "foreach 99999 ps"));
        Assert.Equal("ps: -u and -k are mutually exclusive\n", CommandRunner.Run(k, "ps -k -u"));
        Assert.Equal("ps: -a, -t, -c, -p, -g, -l, -m, -S, -r and -A flags are all mutually-exclusive\n", CommandRunner.Run(k, "ps -t -l"));
        Assert.Equal("files: invalid task or pid value: 99999\n", CommandRunner.Run(k, "files 99999"));
        Assert.Equal("set: invalid cpu number: system has only 2 cpus\n", CommandRunner.Run(k, "set -c 5"));
        var registry = CommandRegistry.CreateAll().Single(c => c.Name == "ps");
        var e = Assert.Throws<CommandUsageException>(() => registry.Execute(new CommandContext(k, TextWriter.Null), ["-Z"]));
        Assert.Equal("invalid option -- 'Z'", e.Message);
    }

    [Fact]
    public void SetStoresTheCurrentTaskForEveryCommand()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        using var k = Fixtures.OpenKernel(dump);
        var truth = Fixtures.GroundTruthOf(dump);
        int hold = truth.Single("fx-holdfile").Pid;
        Assert.Contains("COMMAND: \"fx-holdfile\"", CommandRunner.RunOk(k, $"set {hold}"));
        Assert.Contains("STATE: TASK_INTERRUPTIBLE", CommandRunner.RunOk(k, "set"));
        // files without an argument works on the current task
        Assert.Contains("/tmp/fixture-file.txt", CommandRunner.RunOk(k, "files"));
        CommandRunner.RunOk(k, "set -p");
        Assert.DoesNotContain("fixture-file", CommandRunner.RunOk(k, "files"));
    }
}
