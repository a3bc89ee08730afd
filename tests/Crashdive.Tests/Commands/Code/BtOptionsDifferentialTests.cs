using System.Text.RegularExpressions;
using Crashdive.Tests.Commands;

namespace Crashdive.Tests.Commands.Code;

/// <summary>
/// bt's options against crash 9.0.2 run live on the kdump fixture, which sees every task: byte for byte,
/// sleeping tasks (the first frame at the slot of the switch frame's return address), the panic task, and
/// the idle task the crash NMI stopped (across the NMI stack). Three places where crash 9.0.2 is not the
/// judge, each said in its test: <c>bt -t</c>'s line for an exception RIP, <c>bt -n idle</c> (which crash
/// 9.0.2 ignores), and the MCE stack that <c>bt -E</c> leaves out.
/// Lines where crash names an address by a compiler-local <c>.LCn</c> string label of .rodata (it reads
/// the vmlinux symbol table; kallsyms, which we use, leaves those labels out) are skipped.
/// </summary>
public sealed partial class BtOptionsDifferentialTests
{
    private const string Dump = "kdump/vmcore.kdump-zlib";

    private static readonly string[] Commands =
    [
        "bt -e", "bt -e 0", "bt -E", "bt -v", "bt -T", "bt -T 0", "bt -t", "bt -t 0", "bt -r 1", "bt -r 0",
        "bt -o -c 1", "bt -o 0", "bt -o -FF -c 1", "bt -o -F 0", "bt -FF 0", "bt -a -n idle", "bt -a", "bt -S 1234",
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
    [InlineData("bt -o 0")]
    [InlineData("bt -o -F 0")]
    [InlineData("bt -FF 0")]
    [InlineData("bt 0")]
    [InlineData("bt -sx 0")]
    [InlineData("bt -l 0")]
    [InlineData("foreach 0 bt -s")]
    [InlineData("bt -g 1")]
    [InlineData("bt -c 1")]
    [InlineData("bt -p")]
    [InlineData("bt -a")]
    [InlineData("foreach bt")]
    [InlineData("foreach RU bt")]
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

    /// <summary>
    /// bt -E: crash 9.0.2 leaves each CPU's MCE exception stack out, and the rest is the same. crash names the IST
    /// stacks after the IDT gates that switch to them; in this guest the machine-check gate (idt_table[18])
    /// uses no IST stack, so crash calls the fourth stack "(unknown)", takes its size as 0 and ends its search
    /// at it ("help -m": esize 0, "[unavailable]"). The kernel did set the stack up: drgn 0.3.0 finds every
    /// CPU's TSS ist[3] pointing at the top of its cea_exception_stacks->MCE_stack, whose bytes the dump holds.
    /// So we search it too and print it ("(none found)" where nothing ran on it).
    /// </summary>
    [Fact]
    public void ExceptionStackSearchEqualsCrashPlusTheMceStackCrashLeavesOut()
    {
        string crash = Crash.Value["bt -E"], ours = Ours("bt -E");
        Assert.Contains("CPU 0 NMI EXCEPTION STACK:", crash);
        Assert.Contains("KERNEL-MODE EXCEPTION FRAME AT:", crash);
        if (crash.Contains(" MCE EXCEPTION STACK:", StringComparison.Ordinal))
        {
            Assert.Equal(crash, ours); // a build whose machine-check gate uses the IST: crash knows the stack
            return;
        }
        int cpus = Fixtures.GroundTruthOf(Dump).Cpus;
        string facts = DrgnScript.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(Dump), $$"""
            import drgn
            from drgn.helpers.linux.percpu import per_cpu
            print("mc-gate-ist", prog["idt_table"][18].bits.ist.value_())
            for cpu in range({{cpus}}):
                mce = per_cpu(prog["cea_exception_stacks"], cpu).MCE_stack
                top = mce.address_ + drgn.sizeof(mce)
                ist = per_cpu(prog["cpu_tss_rw"], cpu).x86_tss.ist[3].value_()
                prog.read(mce.address_, drgn.sizeof(mce))
                print("cpu", cpu, "tss-ist3-is-mce-top", ist == top)
            """);
        Assert.Contains("mc-gate-ist 0\n", facts);
        for (int c = 0; c < cpus; c++)
        {
            Assert.Contains($"cpu {c} tss-ist3-is-mce-top True\n", facts);
            Assert.Contains($"CPU {c} MCE EXCEPTION STACK:\n", ours);
        }
        Assert.Equal(crash, WithoutMceBlocks(ours));
    }

    // a block: its header line, then lines up to the blank line before the next block or the end
    private static string WithoutMceBlocks(string text) => MceBlock().Replace(text, "");

    /// <summary>
    /// bt -t: after an exception frame crash shows the interrupted RIP at the end of the stack it left (a
    /// stale stack pointer, e.g. the NMI stack's top, which it cannot read: rd says "invalid kernel virtual
    /// address"); we show it at the exception's RSP, where bt without -t shows that frame. Every other line
    /// is crash's.
    /// </summary>
    [Fact]
    public void TextSymbolsShowTheExceptionRipAtItsStackPointer()
    {
        string[] c = Crash.Value["bt -t 0"].Split('\n'), o = Ours("bt -t 0").Split('\n');
        Assert.Equal(c.Length, o.Length);
        int crossings = c.Count(l => l.StartsWith("--- <", StringComparison.Ordinal)), differing = 0;
        for (int i = 0; i < c.Length; i++)
        {
            if (c[i] == o[i])
                continue;
            Assert.True(i > 0 && c[i - 1].StartsWith("--- <", StringComparison.Ordinal), $"line {i}: crash `{c[i]}`, ours `{o[i]}`");
            Match cm = TextSlotLine().Match(c[i]), om = TextSlotLine().Match(o[i]);
            Assert.True(cm.Success && om.Success && cm.Groups[2].Value == om.Groups[2].Value, $"line {i}: crash `{c[i]}`, ours `{o[i]}`");
            // ours: the RSP of the exception frame printed just above
            string rsp = o.Take(i).Last(l => l.Contains(" RSP: ", StringComparison.Ordinal)).Split(" RSP: ")[1][..16];
            Assert.Equal(rsp, om.Groups[1].Value);
            differing++;
        }
        Assert.True(differing <= crossings);
    }

    /// <summary>
    /// bt -a -n idle: crash 9.0.2 is wrong, it prints what bt -a prints. Its own help shows the idle tasks
    /// stopped by the crash NMI cut to their header line, as crash 8.0.2 printed them; since 9.0.0 its x86_64
    /// get_stack_frame clears the -n idle flag before the dump-file stack search that would act on it.
    /// Ours: bt -a's blocks (crash's), each such idle task's block cut to its header and the blank line after.
    /// </summary>
    [Fact]
    public void SkipIdleShowsOnlyTheHeaderOfTheIdleTaskStoppedByTheNmi()
    {
        string all = Crash.Value["bt -a"];
        Assert.Equal(all, Crash.Value["bt -a -n idle"]); // crash 9.0.2 ignores -n idle
        var crashBlocks = Blocks(all);
        var ourBlocks = Blocks(Ours("bt -a -n idle"));
        Assert.Equal(crashBlocks.Keys, ourBlocks.Keys);
        int stopped = 0;
        foreach (var (header, block) in crashBlocks)
        {
            if (header.StartsWith("PID: 0 ", StringComparison.Ordinal) && block.Contains("] crash_nmi_callback at ", StringComparison.Ordinal))
            {
                stopped++;
                Assert.Equal(header + "\n", ourBlocks[header]); // the header and the separating blank line
            }
            else
                Assert.Equal(block, ourBlocks[header]);
        }
        Assert.True(stopped > 0, all);
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

    [GeneratedRegex(@"CPU \d+ MCE EXCEPTION STACK:\n(?:.*\n)*?\n(?=CPU |\z)")]
    private static partial Regex MceBlock();

    [GeneratedRegex(@"^  \[([0-9a-f]+)\] (.*)$")]
    private static partial Regex TextSlotLine();

    [GeneratedRegex(@"^ ?#\d+ \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)", RegexOptions.Multiline)]
    private static partial Regex FrameLine();
}
