using System.Text.Json;
using Crashdive.Commands;
using Crashdive.Commands.Tasks;

namespace Crashdive.Tests.Commands;

/// <summary>
/// runq's views against crash 8.0.2 on both fixture cases, byte for byte: by task group (-g), lag (-T),
/// on_rq (-d), clocks in the session's radix (-t after set hex), the CPU mask and its errors. crash sees
/// only 3 tasks on 6.1, but the run queues of these dumps hold no others, so its output is complete here.
/// </summary>
public sealed class RunqDifferentialTests
{
    private static readonly string[] Session =
    [
        "runq", "runq -g", "runq -T", "runq -d", "runq -c 0 -g", "runq -c 1 -g", "runq -c 1 -d", "runq -c 1 -t", "runq -c 0 -m",
        "runq -c 0 -c 1", "runq -x", "runq -c 1-7", "runq -t -g", "runq -c 1 -T", "set hex", "runq -t", "runq -g", "set dec",
    ];

    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void MatchesCrash(string dumpRel)
    {
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dumpRel), [.. Session, "ps"]);
        // crash 8.0.2 knows only the tasks its PID-hash walk found on 6.1 (3 of ~60): a queued task it does not
        // know is missing from its lists (and its queue may read "[no tasks queued]"). Those lines are taken
        // out of ours, and "[no tasks queued]" out of both, before comparing; drgn checks the full queues below.
        var known = crash[^1].Split('\n').Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 4).Select(f => f[3]).ToHashSet();
        Assert.True(known.Count >= 3, crash[^1]);
        using var k = Fixtures.OpenKernel(dumpRel);
        var failures = new List<string>();
        for (int i = 0; i < Session.Length; i++)
        {
            string ours = CommandRunner.Run(k, Session[i]);
            if (Session[i] is "runq -x" or "runq -c 0 -c 1")
                ours += CrashUsage(); // the prompt prints the usage after a CommandUsageException
            if (Session[i] == "runq -x")
                ours = ours[(ours.IndexOf('\n') + 1)..]; // crash's getopt complains on stderr, which the reference does not capture
            if (Comparable(ours, known) != Comparable(crash[i], known))
                failures.Add($"`{Session[i]}`\n--- crash\n{crash[i]}--- crashdive\n{ours}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Comparable(string text, HashSet<string> known) =>
        string.Join('\n', text.Split('\n').Where(l => !l.EndsWith("[no tasks queued]", StringComparison.Ordinal) && KnownOrNoTask(l, known)));

    private static bool KnownOrNoTask(string line, HashSet<string> known)
    {
        int at = line.IndexOf("TASK: ", StringComparison.Ordinal);
        return at < 0 || known.Contains(line[(at + 6)..].Split(' ')[0]);
    }

    /// <summary>drgn's view of the same run queues: each CPU's CFS timeline (in order) and RT queues, by PID.</summary>
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib", false)]
    [InlineData("qemu/vmcore.paging-elf", false)]
    [InlineData("qemu/vmcore.paging-elf", true)] // 6.12 (EEVDF), which crash cannot open
    public void QueuesAgreeWithDrgn(string dumpRel, bool newer)
    {
        const string script = """
            from drgn import container_of
            from drgn.helpers.linux.cpumask import for_each_possible_cpu
            from drgn.helpers.linux.percpu import per_cpu
            from drgn.helpers.linux.rbtree import rbtree_inorder_for_each_entry
            from drgn.helpers.linux.list import list_for_each_entry
            def cfs(rq, out):
                for se in rbtree_inorder_for_each_entry("struct sched_entity", rq.tasks_timeline.rb_root.address_of_(), "run_node"):
                    if se.my_q:
                        cfs(se.my_q, out)
                    else:
                        out.append(container_of(se, "struct task_struct", "se").pid.value_())
            for cpu in for_each_possible_cpu(prog):
                rq = per_cpu(prog["runqueues"], cpu)
                out = []
                for prio in range(len(rq.rt.active.queue)):
                    for rt in list_for_each_entry("struct sched_rt_entity", rq.rt.active.queue[prio].address_of_(), "run_list"):
                        out.append(container_of(rt, "struct task_struct", "rt").pid.value_())
                cfs(rq.cfs, out)
                print(cpu, " ".join(str(p) for p in out))
            """;
        string drgn = newer
            ? DrgnScript.Run(Fixtures.Path612("kernel/vmlinux"), Fixtures.Path612(dumpRel), script)
            : DrgnScript.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dumpRel), script);
        using var k = newer ? Fixtures.OpenKernel612(dumpRel) : Fixtures.OpenKernel(dumpRel);
        var output = new StringWriter { NewLine = "\n" };
        new RunqCommand().ExecuteJson(new CommandContext(k, output), []);
        var ours = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(o => $"{o.GetProperty("cpu").GetInt32()} " + string.Join(' ', o.GetProperty("rt").EnumerateArray().Concat(o.GetProperty("cfs").EnumerateArray())
                .Select(e => e.GetProperty("pid").GetInt32()))).ToList();
        Assert.Equal(drgn.Split('\n', StringSplitOptions.RemoveEmptyEntries), ours);
        // and the text view lists the same tasks
        string text = CommandRunner.RunOk(k, "runq");
        Assert.Equal(ours.Sum(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length - 1), text.Split('\n').Count(l => l.StartsWith("     [", StringComparison.Ordinal) && l.Contains("PID:")));
    }

    private static string CrashUsage() => "Usage:\n  runq " + RunqCommand.Synopsis + "\nEnter \"help runq\" for details.\n";

    /// <summary>--json carries the same facts as crash's runq and runq -t: run queue, running task, clock, queued tasks.</summary>
    [Theory]
    [InlineData("kdump/vmcore.kdump-zlib")]
    [InlineData("qemu/vmcore.elf")]
    public void JsonAgreesWithCrashText(string dumpRel)
    {
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dumpRel), ["runq", "runq -t"]);
        using var k = Fixtures.OpenKernel(dumpRel);
        // crash lists only the queued tasks it knows (see MatchesCrash); the count is checked against drgn above
        var output = new StringWriter { NewLine = "\n" };
        new RunqCommand().ExecuteJson(new CommandContext(k, output), []);
        var objects = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string[] runq = crash[0].Split('\n'), stamps = crash[1].Split('\n');
        Assert.Equal(runq.Count(l => l.StartsWith("CPU ", StringComparison.Ordinal)), objects.Count);
        foreach (var o in objects)
        {
            int cpu = o.GetProperty("cpu").GetInt32();
            Assert.Contains($"CPU {cpu} RUNQUEUE: {o.GetProperty("runqueue").GetString()}", runq);
            var cur = o.GetProperty("current");
            int at = Array.FindIndex(runq, l => l.StartsWith($"CPU {cpu} RUNQUEUE", StringComparison.Ordinal));
            Assert.Equal($"  CURRENT: PID: {cur.GetProperty("pid").GetInt32(),-5}  TASK: {cur.GetProperty("task").GetString()}  COMMAND: \"{cur.GetProperty("comm").GetString()}\"", runq[at + 1]);
            Assert.Contains($" CPU {cpu}: {o.GetProperty("clock").GetUInt64()}", stamps);
            int queuedLines = runq.Skip(at + 1).TakeWhile(l => l.Length > 0).Count(l => l.StartsWith("     [", StringComparison.Ordinal) && l.Contains("PID:"));
            Assert.True(queuedLines <= o.GetProperty("rt").GetArrayLength() + o.GetProperty("cfs").GetArrayLength());
        }
        Assert.Equal("runq: --json takes only -c (not -g)\n", RunJson(k, "-g"));
        // crash ignores words after runq's options; we refuse them with the usage
        Assert.Throws<CommandUsageException>(() => new RunqCommand().Execute(new CommandContext(k, TextWriter.Null), ["1"]));
        Assert.Equal("runq: invalid cpu specification: 7\n", RunJson(k, "-c", "7"));
    }

    private static string RunJson(Crashdive.Kernel.KernelProgram k, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        try
        {
            new RunqCommand().ExecuteJson(new CommandContext(k, output), args);
        }
        catch (CommandException e)
        {
            output.Write($"runq: {e.Message}\n");
        }
        return output.ToString();
    }
}
