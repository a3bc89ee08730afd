using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdive.Tests.Commands.Code;

/// <summary>
/// The module-oops fixture case (<c>fixtures/guest/fxoops.c</c>): a timer of the test module dereferences
/// NULL in softirq context on an idle CPU, <c>panic_on_oops</c> panics and kdump captures. The backtrace
/// must cross the page-fault exception frame into the module's frames (named from the module's in-memory
/// kallsyms, unwound with its in-memory ORC table), leave the IRQ stack and end in the idle loop, as the
/// kernel's own oops trace in the log says; <c>dis -l</c> of the exception RIP must show the faulting
/// instruction and its source line; the module's two sk_buffs are one healthy and one inconsistent.
/// Facts come from the guest's ground truth (<c>FX oops ...</c> lines), the kernel's log and crash 8.0.2.
/// </summary>
public sealed partial class OopsCaseTests
{
    public static TheoryData<string> Dumps() => new() { "oops/vmcore.kdump-zlib", "oops/vmcore.elf" };

    /// <summary>The same dumps of both kernels: "6.12:" names the 6.12 set (post-6.4 ORC, <c>mod->mem[]</c>).</summary>
    public static TheoryData<string> BothKernels() => new() { "oops/vmcore.kdump-zlib", "oops/vmcore.elf", "6.12:oops/vmcore.kdump-zlib", "6.12:oops/vmcore.elf" };

    private static bool Is612(string dump) => dump.StartsWith("6.12:", StringComparison.Ordinal);

    private static Crashdive.Kernel.KernelProgram Open(string dump) =>
        Is612(dump) ? Fixtures.OpenKernel612(dump[5..]) : Fixtures.OpenKernel(dump);

    private static Fixtures.Truth Truth(string dump) =>
        Is612(dump) ? Fixtures.GroundTruth612("oops") : Fixtures.GroundTruthOf(dump);

    private static string Module(string dump) =>
        Is612(dump) ? Fixtures.Path612("kernel/modules/fxoops.ko") : Fixtures.Path("kernel/modules/fxoops.ko");

    private static string ModulePath => Fixtures.Path("kernel/modules/fxoops.ko");

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The module's symbols as the guest's /proc/kallsyms listed them: name -> (address, type).</summary>
    private static Dictionary<string, (ulong Address, char Type)> GuestSymbols(string dump)
    {
        var map = new Dictionary<string, (ulong, char)>(StringComparer.Ordinal);
        foreach (string l in Truth(dump).FxLines)
        {
            if (KallsymsLine().Match(l) is { Success: true } m)
                map[m.Groups[3].Value] = (Hex(m.Groups[1].Value), m.Groups[2].Value[0]);
        }
        Assert.True(map.ContainsKey("fxoops_touch") && map.ContainsKey("fxoops_fire"), "the ground truth lists the module's symbols");
        return map;
    }

    private static ulong SkbAddress(string dump, string which)
    {
        foreach (string l in Truth(dump).FxLines)
        {
            if (Regex.Match(l, $@"^FX oops {which}-skb=([0-9a-f]+) len=(\d+) ") is { Success: true } m)
                return Hex(m.Groups[1].Value);
        }
        Assert.Fail($"no FX oops {which}-skb line in the ground truth");
        return 0;
    }

    [Theory]
    [MemberData(nameof(BothKernels))]
    public void BtCrossesTheFaultIntoTheModulesFramesAsTheKernelsOwnTrace(string dump)
    {
        var symbols = GuestSymbols(dump);
        using var kernel = Open(dump);
        string bt = CommandRunner.RunOk(kernel, "bt");

        // The exception frame names the faulting function of the module, at the RIP's offset into it.
        var exception = ExceptionRip().Matches(bt).First();
        ulong rip = Hex(RipLine().Match(bt, exception.Index).Groups[1].Value);
        ulong touch = symbols["fxoops_touch"].Address;
        Assert.Equal($"fxoops_touch+{rip - touch}", exception.Groups[1].Value);

        // Frames after the exception: the module's two, tagged [fxoops], then the kernel's timer softirq.
        var frames = FrameLine().Matches(bt).Select(m => (Name: m.Groups[1].Value, Module: m.Groups[3].Value)).ToList();
        int at = frames.FindIndex(f => f.Name == "fxoops_touch");
        Assert.True(at > 0, $"no fxoops_touch frame in\n{bt}");
        Assert.Equal(("fxoops_touch", "[fxoops]"), frames[at]);
        Assert.Equal(("fxoops_fire", "[fxoops]"), frames[at + 1]);

        // From fxoops_fire on, our frames are the kernel's own oops trace (without its "?" entries).
        var log = OopsTrace(CommandRunner.RunOk(kernel, "log"));
        Assert.Equal("fxoops_fire", log[0]);
        Assert.Equal(log, frames.Skip(at + 1).Take(log.Count).Select(f => f.Name).ToList());
        Assert.Contains("--- <IRQ stack> ---", bt);
        Assert.Contains(frames, f => f.Name == "do_idle");
    }

    [Theory]
    [MemberData(nameof(Dumps))]
    public void BtHeaderAndExceptionBlockEqualCrashs(string dump)
    {
        string crash = Fixtures.CrashReference(dump, "bt");
        using var kernel = Fixtures.OpenKernel(dump);
        string ours = CommandRunner.RunOk(kernel, "bt");
        Assert.Equal(crash.Split('\n')[0], ours.Split('\n')[0]);
        // crash's first exception block (the page fault's registers) is ours, line for line.
        Assert.Equal(ExceptionBlock(crash), ExceptionBlock(ours));
    }

    [Theory]
    [InlineData("oops/vmcore.kdump-zlib")]
    [InlineData("6.12:oops/vmcore.kdump-zlib")]
    public void DisOfTheExceptionRipShowsTheFaultingInstructionAndItsSourceLine(string dump)
    {
        using var kernel = Open(dump);
        CommandRunner.RunOk(kernel, $"mod -s fxoops {Module(dump)}");
        string bt = CommandRunner.RunOk(kernel, "bt");
        ulong rip = Hex(RipLine().Match(bt, ExceptionRip().Match(bt).Index).Groups[1].Value);
        string rdi = Regex.Match(bt[ExceptionRip().Match(bt).Index..], @"RDI: ([0-9a-f]{16})").Groups[1].Value;

        string dis = CommandRunner.RunOk(kernel, $"dis -l {rip:x} 1");
        string[] lines = dis.TrimEnd('\n').Split('\n');
        // The line the fault is on is one of fxoops_touch's two stores through st, in the module's
        // source as the repository has it (DWARF names it relative to the headers tree it was built in).
        var where = Regex.Match(lines[0], @"^(\S*)fixtures/guest/fxoops\.c: (\d+)$");
        Assert.True(where.Success, lines[0]);
        int line = int.Parse(where.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Contains(line, new[] { SourceLineOf("st->hits += skb->len;"), SourceLineOf("st->skb = skb;") });
        // The instruction at the RIP writes through st (RDI, which is NULL) at the offset the kernel's
        // "BUG: kernel NULL pointer dereference, address: ..." line reports.
        Assert.StartsWith($"0x{rip:x} <fxoops_touch+", lines[1]);
        Assert.Equal("0000000000000000", rdi);
        string log = CommandRunner.RunOk(kernel, "log");
        ulong faultAddress = Hex(Regex.Match(log, @"BUG: kernel NULL pointer dereference, address: ([0-9a-f]+)").Groups[1].Value);
        Assert.Contains($"0x{faultAddress:x}(%rdi)", lines[1]);
    }

    [Fact]
    public void DisOfTheModulesFunctionsEqualsCrashsAfterModS()
    {
        const string dump = "oops/vmcore.kdump-zlib";
        string vmlinux = Fixtures.Path("kernel/vmlinux");
        using var kernel = Fixtures.OpenKernel(dump);
        string bt = CommandRunner.RunOk(kernel, "bt");
        ulong rip = Hex(RipLine().Match(bt, ExceptionRip().Match(bt).Index).Groups[1].Value);
        string[] commands = [$"mod -s fxoops {ModulePath}", "dis -l fxoops_touch", "dis -l fxoops_fire", $"dis -l {rip:x} 1", "dis fxoops_make_skb 12"];
        var crash = CrashReference.Run(vmlinux, Fixtures.Path(dump), commands);
        for (int i = 0; i < commands.Length; i++)
        {
            string ours = CommandRunner.RunOk(kernel, commands[i]);
            if (i == 0)
                continue; // mod -s prints the file's path
            Assert.Equal(crash[i], ours);
        }
    }

    [Fact]
    public void SymOfTheModulesSymbolsIsTheGuestsKallsyms()
    {
        const string dump = "oops/vmcore.kdump-zlib";
        using var kernel = Fixtures.OpenKernel(dump);
        foreach (var (name, (address, type)) in GuestSymbols(dump))
        {
            // .LC0 and _note_N are local labels; __this_module and the __param ones exist in every module
            if (name.StartsWith('.') || name.StartsWith("_note", StringComparison.Ordinal) || name.StartsWith("__", StringComparison.Ordinal))
                continue;
            string sym = CommandRunner.RunOk(kernel, $"sym {name}");
            Assert.StartsWith($"{address:x} ({type}) {name} [fxoops]", sym);
        }
    }

    [Theory]
    [InlineData("oops/vmcore.kdump-zlib")]
    [InlineData("6.12:oops/vmcore.elf")]
    public void SkbCheckFlagsTheModulesBadSkbAndPassesItsGoodOne(string dump)
    {
        using var kernel = Open(dump);
        ulong good = SkbAddress(dump, "good"), bad = SkbAddress(dump, "bad");
        Assert.Equal($"sk_buff {good:x}: consistent\n", CommandRunner.RunOk(kernel, $"skb -c {good:x}"));
        string check = CommandRunner.RunOk(kernel, $"skb -c {bad:x}");
        Assert.Contains("INCONSISTENT: gso_type has tunnel bits (UDP_TUNNEL) but encapsulation is 0", check);
        Assert.DoesNotContain("NOT AN SK_BUFF", check);

        // The good one decodes as the module built it: Ethernet, 10.0.0.1:40000 -> 10.0.0.2:7777 UDP, its payload.
        string decoded = CommandRunner.RunOk(kernel, $"skb -x {good:x}");
        Assert.Contains("10.0.0.1", decoded);
        Assert.Contains("10.0.0.2", decoded);
        Assert.Contains("40000", decoded);
        Assert.Contains("7777", decoded);
        Assert.Contains($"payload: {"fxoops-good".Length} bytes", decoded);
        // the hex dump's ASCII column, joined, ends with the payload
        string ascii = string.Concat(decoded.Split('\n').Where(l => HexDumpLine().IsMatch(l)).Select(l => l[(l.LastIndexOf("  ", StringComparison.Ordinal) + 2)..]));
        Assert.EndsWith("fxoops-good", ascii);
    }

    [GeneratedRegex(@"^  [0-9a-f]{4}:  ")]
    private static partial Regex HexDumpLine();

    // The kernel's oops trace: the names after "Call Trace:" the kernel did not mark "?", up to the
    // register block of the interrupted idle task.
    private static List<string> OopsTrace(string log)
    {
        var lines = log.Split('\n');
        int start = Array.FindIndex(lines, l => l.Contains("Call Trace:"));
        Assert.True(start >= 0, "the log holds the oops's call trace");
        var names = new List<string>();
        for (int i = start + 1; i < lines.Length; i++)
        {
            if (lines[i].Contains("<IRQ>") || lines[i].Contains("</IRQ>") || lines[i].Contains("<TASK>"))
                continue;
            var m = LogTraceLine().Match(lines[i]);
            if (!m.Success)
                break;
            if (!m.Groups[1].Success)
                names.Add(m.Groups[2].Value);
        }
        return names;
    }

    private static string ExceptionBlock(string bt)
    {
        var lines = bt.Split('\n');
        int i = Array.FindIndex(lines, l => l.Contains("[exception RIP:"));
        Assert.True(i >= 0, $"no exception frame in\n{bt}");
        return string.Join('\n', lines.Skip(i).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)));
    }

    private static int SourceLineOf(string text)
    {
        string file = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Scripting.ScriptSession.Script("tasks.lua")))!, "fixtures", "guest", "fxoops.c");
        string[] lines = File.ReadAllLines(file);
        int i = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(i >= 0, $"{file} has no line with {text}");
        return i + 1;
    }

    [GeneratedRegex(@"^FX oops kallsyms ([0-9a-f]+) ([a-zA-Z]) (\S+)\s+\[fxoops\]")]
    private static partial Regex KallsymsLine();

    [GeneratedRegex(@"\[exception RIP: (\S+)\]")]
    private static partial Regex ExceptionRip();

    [GeneratedRegex(@"RIP: ([0-9a-f]{16})")]
    private static partial Regex RipLine();

    [GeneratedRegex(@"^ ?#\d+ \[[0-9a-f]+\] (\S+) at ([0-9a-f]+)(?: (\[\S+\]))?", RegexOptions.Multiline)]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"^\[[ 0-9.]+\]\s+(\? )?([A-Za-z0-9_.]+)\+0x[0-9a-f]+/0x[0-9a-f]+")]
    private static partial Regex LogTraceLine();
}
