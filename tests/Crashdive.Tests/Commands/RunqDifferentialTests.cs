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
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dumpRel), Session);
        using var k = Fixtures.OpenKernel(dumpRel);
        var failures = new List<string>();
        for (int i = 0; i < Session.Length; i++)
        {
            string ours = CommandRunner.Run(k, Session[i]);
            if (Session[i] is "runq -x" or "runq -c 0 -c 1")
                ours += CrashUsage(); // the prompt prints the usage after a CommandUsageException
            if (ours != crash[i])
                failures.Add($"`{Session[i]}`\n--- crash\n{crash[i]}--- crashdive\n{ours}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
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
            Assert.Equal(queuedLines, o.GetProperty("rt").GetArrayLength() + o.GetProperty("cfs").GetArrayLength());
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
