using System.Text;
using System.Text.RegularExpressions;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// search's -x context, string hits across page boundaries, -p/-w/-h with context, -t/-T task stacks and -u
/// user mappings against crash 9.0.2 on the same dumps, byte for byte. Addresses are taken from the dump
/// (the direct-map alias of linux_banner and of a .rodata page boundary that text runs across), never
/// hard-coded. Kernel-image addresses are avoided on purpose: crash walks that range twice (see
/// <see cref="SystemCommandsDifferentialTests.ImageSearches"/>).
/// </summary>
public sealed class SearchDifferentialTests
{
    public static TheoryData<string> Dumps() => new() { "kdump/vmcore.kdump-zlib", "qemu/vmcore.elf" };

    [Theory]
    [MemberData(nameof(Dumps))]
    public void ContextAndPageCrossingEqualCrash(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        ulong banner = k.SymbolAddress("linux_banner")!.Value;
        Assert.True(k.TryKernelToPhysical(banner, out ulong phys));
        ulong direct = k.Regions.PhysicalToDirect(phys);
        ulong value = k.Memory.Read<ulong>(banner);
        uint word = k.Memory.Read<uint>(banner + 8);
        ushort half = k.Memory.Read<ushort>(banner + 4);
        var (boundary, crossing) = CrossingText(k);
        ulong boundaryDirect = k.Regions.PhysicalToDirect(Phys(k, boundary));
        string[] commands =
        [
            $"search -x 2 -p -s {phys:x} -l 256 {value:x}",
            $"search -x 3 -w -s {direct:x} -l 256 {word:x}",
            $"search -x 1 -h -s {direct:x} -l 64 {half:x}",
            $"search -x 5 -s {direct - 8:x} -l 64 {value:x}",
            $"search -c -s {boundaryDirect - 4096:x} -l 8192 {crossing}",
            $"search -c -p -s {Phys(k, boundary) - 4096:x} -l 8192 {crossing} {crossing[..3]}",
            $"search -c -s {direct:x} -l 4096 version Linux",
            $"search -c -s {direct + 3:x} -l 29 version",
            $"search -x 600 -s {direct:x} -l 64 0",
            $"search -x 2 -c -s {direct:x} -l 64 Linux",
            $"search -t -s {direct:x} 0",
            "search -t -T 0",
            $"search -w -s {direct:x} -l 6 {word:x}",
        ];
        Assert.Contains(crossing, Encoding.Latin1.GetString(Bytes(k, boundary - (ulong)crossing.Length + 4, crossing.Length)));
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        Assert.Contains($"{boundaryDirect - 4:x}: {crossing}", crash[4]);
        for (int i = 0; i < commands.Length; i++)
        {
            string actual = CommandRunner.Run(k, commands[i]);
            Assert.True(crash[i] == actual, $"`{commands[i]}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{crash[i]}\n--- crashdive:\n{actual}");
        }
    }

    /// <summary>
    /// -t (sleeping tasks) and -T (active tasks) on every task's stack, as crash 9.0.2 sees every task: init's
    /// address, and a value no stack holds.
    /// </summary>
    [Theory]
    [MemberData(nameof(Dumps))]
    public void TaskStacksEqualCrash(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        KObject init = Tasks.FindByPid(k, 1) ?? throw new Xunit.Sdk.XunitException("no pid 1");
        string[] commands = [$"search -t {init.Address:x}", $"search -T {init.Address:x}", "search -T ffffffffffffffff"];
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        for (int c = 0; c < commands.Length; c++)
            Assert.True(crash[c] == CommandRunner.Run(k, commands[c]), $"`{commands[c]}` on {dump}\n--- {CrashReference.ExpectedVersion}:\n{crash[c]}\n--- crashdive:\n{CommandRunner.Run(k, commands[c])}");
        // what was compared: sleeping tasks' stacks that hold init's address (a task it woke, a wait on it)
        Assert.NotEmpty(Blocks(crash[0]));
        // the active tasks: one header per CPU at most
        Assert.True(Blocks(crash[1]).Count <= Fixtures.GroundTruthOf(dump).Cpus);
    }

    /// <summary>
    /// -u searches the current task's mappings; every hit is checked with crash 9.0.2's own rd -u / rd -a on
    /// the same address: init's argv[0] pointer (mm->arg_start) on its stack, and the dynamic loader's name in
    /// its image. Where the dump left init's pages out (drgn 0.3.0 finds the argument page mapped but cannot
    /// read it: makedumpfile -d 31) nothing is found.
    /// </summary>
    [Theory]
    [InlineData("qemu/vmcore.elf")]
    [InlineData("kdump/vmcore.kdump-zlib")]
    public void UserSearchHitsAreWhatCrashReads(string dump)
    {
        using KernelProgram k = Fixtures.OpenKernel(dump);
        KObject init = Tasks.FindByPid(k, 1) ?? throw new Xunit.Sdk.XunitException("no pid 1");
        ulong args = init.Member("mm").Member("arg_start").ToUInt64();
        CommandRunner.RunOk(k, "set 1");
        string values = CommandRunner.Run(k, $"search -u {args:x}");
        string names = CommandRunner.Run(k, "search -u -c ld-linux");
        Assert.StartsWith("search: ending address ffffffffffffff00 is in kernel space", CommandRunner.Run(k, "search -u -e ffffffffffffff00 0"));
        if (!InitArgumentsPage.IsHeld(dump))
        {
            // drgn 0.3.0 finds init's argument page mapped but not in the dump (crash 9.0.2's rd -u says
            // nothing there: see UserMemoryDifferentialTests), so there is nothing to find
            Assert.False(dump.StartsWith("qemu/", StringComparison.Ordinal), "a QEMU dump holds all memory");
            Assert.Equal("", values + names);
            return;
        }
        var valueHits = values.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var nameHits = names.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(5).ToArray();
        Assert.NotEmpty(valueHits);
        Assert.NotEmpty(nameHits);
        var commands = new List<string> { "set 1" };
        commands.AddRange(valueHits.Select(l => $"rd -u {l.Split(':')[0]}"));
        commands.AddRange(nameHits.Select(l => $"rd -a {l.Split(':')[0]}"));
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        for (int i = 0; i < valueHits.Length; i++)
            Assert.Matches($"^ *{valueHits[i].Split(':')[0]}:  0*{args:x} ", crash[1 + i]);
        for (int i = 0; i < nameHits.Length; i++)
        {
            string text = nameHits[i][(nameHits[i].IndexOf(": ", StringComparison.Ordinal) + 2)..];
            string printable = text.Split('.')[0];
            Assert.StartsWith("ld-linux", printable);
            Assert.Contains($":  {printable}", crash[1 + valueHits.Length + i]);
        }
    }

    private sealed record Block(string Header, IReadOnlyList<string> Lines)
    {
        public bool Equals(Block? other) => other != null && Header == other.Header && Lines.SequenceEqual(other.Lines);

        public override int GetHashCode() => Header.GetHashCode();
    }

    private static List<Block> Blocks(string output)
    {
        var blocks = new List<Block>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("PID: ", StringComparison.Ordinal))
                blocks.Add(new Block(line, new List<string>()));
            else
                ((List<string>)blocks[^1].Lines).Add(line);
        }
        return blocks;
    }

    private static ulong Phys(KernelProgram k, ulong virt) =>
        k.TryKernelToPhysical(virt, out ulong p) ? p : throw new Xunit.Sdk.XunitException($"{virt:x} not mapped");

    private static byte[] Bytes(KernelProgram k, ulong address, int count)
    {
        var b = new byte[count];
        k.Memory.Read(address, b);
        return b;
    }

    /// <summary>A page boundary of .rodata with printable text (no space) on both sides, and 8 characters across it (4 before).</summary>
    private static (ulong Boundary, string Text) CrossingText(KernelProgram k)
    {
        ulong start = k.SymbolAddress("__start_rodata")!.Value, end = k.SymbolAddress("__end_rodata")!.Value;
        for (ulong b = (start + 4095) & ~4095UL; b + 4096 < end; b += 4096)
        {
            byte[] around = Bytes(k, b - 4, 8);
            if (around.All(c => c > 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '|' && c != '>' && c != '\\'))
                return (b, Encoding.Latin1.GetString(around));
        }
        throw new Xunit.Sdk.XunitException("no page boundary of .rodata with text across it");
    }
}
