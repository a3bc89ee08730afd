using System.Text.RegularExpressions;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Commands.Code;

/// <summary>
/// bt's options against crash 8.0.2 run live on the kdump fixture. crash sees three tasks on this kernel
/// (swapper/0, swapper/1, init); each task's block is compared by what crash gets right:
/// <list type="bullet">
/// <item>swapper/1 (asleep) and whatever crash shows before it goes wrong: byte for byte.</item>
/// <item>swapper/0 was stopped by the crash NMI inside a timer interrupt on the IRQ stack: crash crosses
/// the NMI stack correctly, then reads the IRQ stack's exit as a bogus exception frame (it says so:
/// "WARNING: possibly bogus exception frame"); the blocks must agree up to that frame.</item>
/// <item>init (the panic task): crash's default method lists stale return addresses above
/// do_syscall_64 (see BtReferenceTests); our frames must be crash's frames, in order, without those,
/// and the user registers the same. With -o (crash's old method, which lists every text address on
/// purpose) the block must be identical.</item>
/// </list>
/// Lines where crash names an address by a compiler-local <c>.LCn</c> string label of .rodata (it reads
/// the vmlinux symbol table; kallsyms, which we use, leaves those labels out) are skipped.
/// </summary>
public sealed partial class BtOptionsDifferentialTests
{
    private const string Dump = "kdump/vmcore.kdump-zlib";

    private static readonly string[] Commands =
    [
        "bt -e", "bt -e 0", "bt -E", "bt -v", "bt -T", "bt -T 0", "bt -t", "bt -t 0", "bt -r 1", "bt -r 0",
        "bt -o -c 1", "bt -o 0", "bt -o -FF -c 1", "bt -o -F 0", "bt -FF 0", "bt -a -n idle", "bt -S 1234",
        "bt -R panic -a", "bt -R pan -a", "bt -R __schedule 0", "bt -g 1", "bt -c 1", "bt -p", "bt 0", "bt -sx 0",
        "bt -l 0", "foreach bt", "foreach RU bt", "foreach 0 bt -s",
    ];

    private static readonly Lazy<Dictionary<string, string>> Crash = new(() =>
    {
        var outputs = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(Dump), Commands);
        return Commands.Select((c, i) => (c, outputs[i])).ToDictionary(p => p.c, p => p.Item2);
    });

    [Theory]
    [InlineData("bt -e")]
    [InlineData("bt -e 0")]
    [InlineData("bt -v")]
    [InlineData("bt -T")]
    [InlineData("bt -T 0")]
    [InlineData("bt -t")]
    [InlineData("bt -o -c 1")]
    [InlineData("bt -S 1234")]
    public void SameAsCrash(string command) => Assert.Equal(Crash.Value[command], Ours(command));

    [Theory]
    [InlineData("bt -r 1")]
    [InlineData("bt -r 0")]
    [InlineData("bt -o -FF -c 1")]
    public void SameAsCrashButRodataLabels(string command)
    {
        string[] crash = Crash.Value[command].Split('\n'), ours = Ours(command).Split('\n');
        Assert.Equal(crash.Length, ours.Length);
        int compared = 0;
        for (int i = 0; i < crash.Length; i++)
        {
            if (crash[i].Contains(" .LC", StringComparison.Ordinal))
                continue;
            Assert.Equal(crash[i], ours[i]);
            compared++;
        }
        Assert.True(compared > crash.Length / 2);
    }

    [Fact]
    public void ExceptionStackSearchEqualsCrashUntilCrashFailsOnTheMceStack()
    {
        // crash names IST stacks from the IDT handlers' names and misses the MCE stack: it prints
        // "CPU 0 (unknown) EXCEPTION STACK:" and stops with "unrecognized stack address". Up to there
        // (the IRQ stacks, and the double-fault, NMI and debug stacks of CPU 0) the output is the same.
        string crash = Crash.Value["bt -E"], ours = Ours("bt -E");
        int cut = crash.IndexOf("CPU 0 (unknown) EXCEPTION STACK:", StringComparison.Ordinal);
        Assert.True(cut > 0, crash);
        Assert.StartsWith(crash[..cut], ours);
        Assert.Contains("CPU 0 MCE EXCEPTION STACK:", ours[cut..]);
        Assert.Contains("CPU 1 NMI EXCEPTION STACK:", ours);
        Assert.Contains("KERNEL-MODE EXCEPTION FRAME AT:", crash[..cut]);
    }

    [Theory]
    [InlineData("bt -t 0")]
    [InlineData("bt -o 0")]
    [InlineData("bt -o -F 0")]
    [InlineData("bt -FF 0")]
    [InlineData("bt 0")]
    [InlineData("bt -sx 0")]
    [InlineData("bt -l 0")]
    [InlineData("foreach 0 bt -s")]
    public void IdleTasksEqualCrashUpToItsBogusIrqFrame(string command) => CompareBlocks(command);

    [Theory]
    [InlineData("bt -g 1")]
    [InlineData("bt -c 1")]
    [InlineData("bt -p")]
    [InlineData("foreach bt")]
    [InlineData("foreach RU bt")]
    public void TasksCrashSeesAgreeWithCrash(string command) => CompareBlocks(command);

    [Fact]
    public void SkipIdleShowsOnlyTheHeaderOfTheIdleTaskStoppedByTheNmi()
    {
        string crash = Crash.Value["bt -a -n idle"], ours = Ours("bt -a -n idle");
        var crashBlocks = Blocks(crash);
        var ourBlocks = Blocks(ours);
        Assert.Equal(crashBlocks.Keys, ourBlocks.Keys);
        string idle = crashBlocks.Keys.Single(k => k.Contains("swapper/0"));
        Assert.Equal(crashBlocks[idle], ourBlocks[idle]);
        Assert.Equal(2, ourBlocks[idle].Split('\n').Length); // the header and the separating blank line
        CompareBlocks("bt -a -n idle");
    }

    [Theory]
    [InlineData("bt -R panic -a")]
    [InlineData("bt -R pan -a")]
    [InlineData("bt -R __schedule 0")]
    public void ReferenceSelectsTheTasksCrashSelects(string command)
    {
        var crash = Blocks(Crash.Value[command]).Keys.ToList();
        var ours = Blocks(Ours(command)).Keys.ToList();
        Assert.Equal(crash, ours);
    }

    [Fact]
    public void StartFromIpAndSpOfAFrameGivesTheTraceFromThatFrame()
    {
        // The panic frame of crash's recorded bt: slot and return address.
        var panic = FrameLine().Matches(Fixtures.CrashReference(Dump, "bt")).First(m => m.Groups[2].Value == "panic");
        string slot = panic.Groups[1].Value, pc = panic.Groups[3].Value;
        string full = Ours("bt");
        string from = Ours($"bt -I {pc} -S {slot}");
        var fullFrames = FrameLine().Matches(full).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
        var fromFrames = FrameLine().Matches(from).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
        int at = fullFrames.IndexOf((slot, "panic", pc));
        Assert.True(at > 0);
        Assert.Equal(fullFrames.Skip(at), fromFrames);
        Assert.Equal(fullFrames.Skip(at), FrameLine().Matches(Ours($"bt -S {slot}")).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)));
        // crash's first line for the same start is the same (what follows in crash is its stack scan).
        string crashFirst = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(Dump), [$"bt -I {pc} -S {slot}"])[0].Split('\n')[1];
        Assert.Equal(crashFirst, from.Split('\n')[1]);
    }

    // Each task block of ours against crash's: see the class comment.
    private static void CompareBlocks(string command)
    {
        var crash = Blocks(Crash.Value[command]);
        var ours = Blocks(Ours(command));
        Assert.NotEmpty(crash);
        foreach (var (header, crashBlock) in crash)
        {
            Assert.True(ours.TryGetValue(header, out string? ourBlock), $"no block for {header} in ours");
            if (header.Contains("COMMAND: \"init\"") && !command.Contains("-o"))
            {
                AssertFramesAreCrashsInOrder(crashBlock, ourBlock!);
                continue;
            }
            string[] c = crashBlock.Split('\n'), o = ourBlock!.Split('\n');
            int same = 0;
            while (same < c.Length && same < o.Length && (c[same] == o[same] || ExceptionRipTextLine(c, o, same)))
                same++;
            if (same == c.Length && same == o.Length)
                continue;
            // crash went wrong at the IRQ stack's exit: the rest of its block says so.
            Assert.Contains(c.Skip(same), l => l.Contains("WARNING: possibly bogus exception frame"));
            Assert.Contains(o.Take(same), l => l.Contains("--- <NMI exception stack> ---"));
        }
    }

    // bt -t: after crossing to another stack, crash shows the exception RIP at the base of the stack it
    // left (fffffe000000c000 for the NMI stack); we show it at the exception's stack pointer.
    private static bool ExceptionRipTextLine(string[] c, string[] o, int i) =>
        i > 0 && c[i - 1].StartsWith("--- <", StringComparison.Ordinal) && TextSlotLine().Match(c[i]) is { Success: true } cm
        && TextSlotLine().Match(o[i]) is { Success: true } om && cm.Groups[1].Value == om.Groups[1].Value;

    private static void AssertFramesAreCrashsInOrder(string crash, string ours)
    {
        // slot, function and address (the frame numbers differ where crash has stale frames)
        var c = FrameLine().Matches(crash).Select(m => $"[{m.Groups[1].Value}] {m.Groups[2].Value} at {m.Groups[3].Value}").ToList();
        var o = FrameLine().Matches(ours).Select(m => $"[{m.Groups[1].Value}] {m.Groups[2].Value} at {m.Groups[3].Value}").ToList();
        Assert.NotEmpty(o);
        int j = 0;
        foreach (string f in o)
        {
            while (j < c.Count && c[j] != f)
                j++;
            Assert.True(j < c.Count, $"frame `{f}` is not among crash's, in order");
            j++;
        }
        static IEnumerable<string> Regs(string s) => s.Split('\n').Where(l => l.StartsWith("    R", StringComparison.Ordinal) || l.StartsWith("    ORIG_RAX", StringComparison.Ordinal)).TakeLast(7);
        Assert.Equal(Regs(crash), Regs(ours));
    }

    // Task blocks keyed by their header line ("PID: ...").
    private static Dictionary<string, string> Blocks(string text)
    {
        var blocks = new Dictionary<string, string>();
        string? header = null;
        var body = new List<string>();
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("PID: ", StringComparison.Ordinal))
            {
                if (header != null)
                    blocks[header] = string.Join('\n', body);
                header = line;
                body.Clear();
            }
            if (header != null)
                body.Add(line);
        }
        if (header != null)
            blocks[header] = string.Join('\n', body);
        return blocks;
    }

    private static readonly Lazy<Crashdive.Kernel.KernelProgram> Kernel = new(() => Fixtures.OpenKernel(Dump));

    private static string Ours(string command)
    {
        lock (Kernel)
        {
            return CommandRunner.Run(Kernel.Value, command);
        }
    }

    [GeneratedRegex(@"^  \[[0-9a-f]+\] (.*)$")]
    private static partial Regex TextSlotLine();

    [GeneratedRegex(@"^ ?#\d+ \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex FrameLine();
}
