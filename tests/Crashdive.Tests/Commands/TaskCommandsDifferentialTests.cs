using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Task commands against crash 9.0.2 on the same dump, byte for byte, in one session each (so that
/// <c>set</c> carries on as in crash): the context commands, files, ps in its forms, the run queues'
/// summaries and sys. crash 9.0.2 sees every task on Debian's 6.1 kernel, so whole-list commands are
/// compared whole. <c>set -c</c> naming the CPU of the current task prints nothing in crash 9.0.2 (8.0.2
/// showed the context again).
/// </summary>
public sealed class TaskCommandsDifferentialTests
{
    private static readonly string[] Session =
    [
        // runq's queues: RunqDifferentialTests
        "set", "set -p", "set -c 0", "set 1", "set 0", "set -c 0", "set -c 1", "set -p", "runq -t", "runq -m",
        "files 1", "files -c 1", "files 0", "ps -r 1", "ps -t 1", "ps 1 0", "ps init", "foreach active ps",
        "ps -p 1", "ps -g 1", "sys -t", "ps", "ps -s", "ps -k", "ps -y NORMAL", "sys", "foreach RU set",
    ];

    [Fact]
    public void MatchesCrash()
    {
        const string dumpRel = "kdump/vmcore.kdump-zlib";
        string vmlinux = Fixtures.Path("kernel/vmlinux"), dump = Fixtures.Path(dumpRel);
        var crash = CrashReference.Run(vmlinux, dump, Session);
        using var k = new KernelProgram(DumpOpener.Open(dump), SymbolFile.Open(vmlinux));
        var failures = new List<string>();
        for (int i = 0; i < Session.Length; i++)
        {
            string ours = CommandRunner.Run(k, Session[i]);
            if (ours != crash[i])
                failures.Add($"`{Session[i]}`\n--- {CrashReference.ExpectedVersion}\n{crash[i]}--- crashdive\n{ours}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // what the comparison covers: every ground-truth process is in ps, and set -c went quiet only where
        // the CPU's task was the current one already ("set 0" made swapper/0 current, so the second
        // "set -c 0" shows init again)
        var psPids = crash[Array.IndexOf(Session, "ps")].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.TrimStart('>', ' ').Split(' ')[0]).ToHashSet();
        foreach (var p in Fixtures.GroundTruthOf(dumpRel).Processes)
            Assert.Contains(p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), psPids);
        Assert.Equal("", crash[2]);
        Assert.Contains("COMMAND: \"init\"", crash[5]);
    }
}
