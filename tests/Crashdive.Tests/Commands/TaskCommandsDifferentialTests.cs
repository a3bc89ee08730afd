using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Symbols;

namespace Crashdive.Tests.Commands;

/// <summary>
/// Task commands against crash 8.0.2 on the same dump, where crash is right. crash sees only 3 tasks on
/// Debian's 6.1 kernel (its PID-hash walk fails), so whole-list commands are compared on those tasks'
/// rows; commands about one of them, the run queues and set are compared whole.
/// </summary>
public sealed class TaskCommandsDifferentialTests
{
    private static readonly string[] Whole =
    [
        // runq's queues: RunqDifferentialTests (crash misses queued tasks it does not know)
        "set", "set -p", "set -c 0", "set 1", "set 0", "runq -t", "runq -m",
        "files 1", "files -c 1", "files 0", "ps -r 1", "ps -t 1", "ps 1 0", "ps init", "foreach active ps",
        "ps -p 1", "ps -g 1", "sys -t",
    ];

    private static readonly string[] RowsOf3 = ["ps", "ps -s", "ps -k", "ps -y NORMAL"];

    // per-task blocks: crash's are ours restricted to the tasks it sees (a queued ksoftirqd is RU too)
    private static readonly string[] BlocksOf3 = ["foreach RU set"];

    [Fact]
    public void MatchesCrashWhereCrashIsRight()
    {
        const string dumpRel = "kdump/vmcore.kdump-zlib";
        string vmlinux = Fixtures.Path("kernel/vmlinux"), dump = Fixtures.Path(dumpRel);
        var commands = Whole.Concat(RowsOf3).Append("sys").Concat(BlocksOf3).ToList();
        var crash = CrashReference.Run(vmlinux, dump, commands);
        using var k = new KernelProgram(DumpOpener.Open(dump), SymbolFile.Open(vmlinux));
        var failures = new List<string>();
        for (int i = 0; i < Whole.Length; i++)
        {
            string ours = CommandRunner.Run(k, Whole[i]);
            if (ours != crash[i])
                failures.Add($"`{Whole[i]}`\n--- crash\n{crash[i]}--- crashdive\n{ours}");
        }
        // crash's rows are ours restricted to the 3 tasks it sees
        for (int j = 0; j < RowsOf3.Length; j++)
        {
            string[] theirs = crash[Whole.Length + j].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var ours = CommandRunner.Run(k, RowsOf3[j]).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            Assert.True(theirs.Length >= 2, $"`{RowsOf3[j]}`: crash printed {theirs.Length} lines");
            foreach (string line in theirs)
            {
                if (!ours.Contains(line))
                    failures.Add($"`{RowsOf3[j]}`: crash's line missing from ours: {line}");
            }
        }
        for (int j = 0; j < BlocksOf3.Length; j++)
        {
            string[] theirs = crash[Whole.Length + RowsOf3.Length + 1 + j].Split("\n\n").Select(b => b.TrimEnd('\n')).ToArray();
            var ours = CommandRunner.Run(k, BlocksOf3[j]).Split("\n\n").Select(b => b.TrimEnd('\n')).ToHashSet();
            Assert.True(theirs.Length >= 2, $"`{BlocksOf3[j]}`: crash printed {theirs.Length} blocks");
            foreach (string block in theirs)
            {
                if (!ours.Contains(block))
                    failures.Add($"`{BlocksOf3[j]}`: crash's block missing from ours:\n{block}");
            }
        }
        // sys: all equal except TASKS, where crash counts the 3 tasks its PID-hash walk found
        var crashSys = crash[Whole.Length + RowsOf3.Length].Split('\n');
        var ourSys = CommandRunner.Run(k, "sys").Split('\n');
        Assert.Equal(crashSys.Length, ourSys.Length);
        for (int i = 0; i < crashSys.Length; i++)
        {
            if (crashSys[i].StartsWith("       TASKS: ", StringComparison.Ordinal))
                Assert.True(int.Parse(ourSys[i]["       TASKS: ".Length..]) > 50, ourSys[i]);
            else if (crashSys[i] != ourSys[i])
                failures.Add($"sys: crash `{crashSys[i]}`, ours `{ourSys[i]}`");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
