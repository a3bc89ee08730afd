using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Crashdive.Dumps;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// rd, sym, vtop, ptov, ptob and btop against crash 8.0.2 itself on the same dumps: every command of
/// <see cref="Table"/> must print exactly what crash prints. Placeholders such as <c>{banner}</c> are
/// filled per dump from its own VMCOREINFO and kallsyms (see <see cref="DumpFacts"/>), and the same
/// text goes to both tools. crash runs once per dump for the whole table.
///
/// One normalisation, marked per command: crash ends text-symbol lines of <c>sym</c> with the source
/// file and line (<c>kernel/sched/core.c: 6654</c>), which needs the vmlinux line tables we do not read
/// yet; those suffixes are removed from crash's output before comparing. Nothing else is normalised.
/// </summary>
public sealed partial class MemoryCommandsDifferentialTests(MemoryCommandsDifferentialTests.CrashRuns runs)
    : IClassFixture<MemoryCommandsDifferentialTests.CrashRuns>
{
    /// <summary>How crash's output is adjusted before comparing.</summary>
    public enum Normalise
    {
        /// <summary>Byte for byte.</summary>
        Nothing,
        /// <summary>Source file and line removed from text-symbol lines (we have no line tables yet).</summary>
        LineNumbers,
    }

    /// <summary>The commands, with placeholders filled per dump.</summary>
    public static readonly (string Command, Normalise Normalise)[] Table =
    [
        // rd: widths, formats, options
        ("rd {banner}", Normalise.Nothing),
        ("rd linux_banner 10", Normalise.Nothing),
        ("rd -a linux_banner", Normalise.Nothing),
        ("rd -a linux_banner 100", Normalise.Nothing),
        ("rd -8 linux_banner 40", Normalise.Nothing),
        ("rd -16 linux_banner 20", Normalise.Nothing),
        ("rd -32 linux_banner 10", Normalise.Nothing),
        ("rd -64 -x linux_banner 5", Normalise.Nothing),
        ("rd -d linux_banner 5", Normalise.Nothing),
        ("rd -D linux_banner 5", Normalise.Nothing),
        ("rd -8 -d linux_banner 20", Normalise.Nothing),
        ("rd -16 -D linux_banner 10", Normalise.Nothing),
        ("rd -32 -d linux_banner 6", Normalise.Nothing),
        ("rd -N -32 linux_banner 4", Normalise.Nothing),
        ("rd -N -16 linux_banner 4", Normalise.Nothing),
        ("rd -o 8 linux_banner 2", Normalise.Nothing),
        ("rd -e {banner+20} linux_banner", Normalise.Nothing),
        ("rd -8 -e {banner+5} linux_banner", Normalise.Nothing),
        ("rd -a -e {banner+10} linux_banner", Normalise.Nothing),
        ("rd -R linux_banner 3", Normalise.Nothing),
        ("rd linux_banner 1f", Normalise.Nothing),
        ("rd 0x{banner} 3", Normalise.Nothing),
        ("rd -s sys_call_table 8", Normalise.Nothing),
        ("rd -p {banner_phys} 4", Normalise.Nothing),
        ("rd -p -8 {banner_phys} 20", Normalise.Nothing),
        ("rd -16 -x -p {banner_phys} 9", Normalise.Nothing),
        ("rd {banner_direct} 2", Normalise.Nothing),
        ("rd -8 -a linux_banner 20", Normalise.Nothing),
        ("rd -a -8 linux_banner 20", Normalise.Nothing),
        ("rd -a -p {banner_phys} 30", Normalise.Nothing),
        ("rd -s -x sys_call_table 4", Normalise.Nothing),
        ("rd -f 0 2", Normalise.Nothing),
        // rd: memory the dump does not hold, and caller errors
        ("rd {end_direct}", Normalise.Nothing),
        ("rd {end_direct-10} 4", Normalise.Nothing),
        ("rd -8 {end_direct-4} 8", Normalise.Nothing),
        ("rd -p {end_phys}", Normalise.Nothing),
        ("rd linux_banner 0", Normalise.Nothing),
        ("rd -e {banner} linux_banner", Normalise.Nothing),
        ("rd nosuch_symbol_xyz", Normalise.Nothing),
        ("rd -8 -s linux_banner", Normalise.Nothing),
        ("rd -64 -1 linux_banner", Normalise.Nothing),
        ("rd -r /dev/null linux_banner", Normalise.Nothing),
        ("rd 12345678901234567", Normalise.Nothing),
        ("rd -m 0", Normalise.Nothing),
        ("rd", Normalise.Nothing),
        // vtop, ptov, ptob, btop
        ("vtop {banner}", Normalise.Nothing),
        ("vtop {banner_direct}", Normalise.Nothing),
        ("vtop {vmalloc}", Normalise.Nothing),
        ("vtop {modules}", Normalise.Nothing),
        ("vtop {end_direct} {banner}", Normalise.Nothing),
        ("vtop -k 1000", Normalise.Nothing),
        ("vtop", Normalise.Nothing),
        ("ptov {banner_phys}", Normalise.Nothing),
        ("ptov 1000 {end_phys}", Normalise.Nothing),
        ("ptov {cpu_number}:a", Normalise.Nothing),
        ("ptov {cpu_number}:1", Normalise.Nothing),
        ("ptov {cpu_number}:0-1 {banner_phys}", Normalise.Nothing),
        ("ptob 100 0x10 1f", Normalise.Nothing),
        ("ptob xyz", Normalise.Nothing),
        ("btop {banner} 1000 0x2000", Normalise.Nothing),
        ("btop xyz", Normalise.Nothing),
        // sym
        ("sym linux_banner", Normalise.Nothing),
        ("sym {banner}", Normalise.Nothing),
        ("sym {banner+3}", Normalise.Nothing),
        ("sym linux_banner init_uts_ns", Normalise.Nothing),
        ("sym -q _banner", Normalise.Nothing),
        ("sym -q zzzzqqq", Normalise.Nothing),
        ("sym -p init_uts_ns", Normalise.Nothing),
        ("sym -n init_uts_ns", Normalise.Nothing),
        ("sym schedule", Normalise.LineNumbers),
        ("sym -p -n schedule", Normalise.LineNumbers),
        ("sym 1234", Normalise.Nothing),
        ("sym nosuch_symbol_xyz", Normalise.Nothing),
        ("sym", Normalise.Nothing),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string dump in new[] { "kdump/vmcore.elf", "qemu/vmcore.elf", "qemu/vmcore.paging-elf" })
        {
            foreach (var (command, _) in Table)
                data.Add(dump, command);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputEqualsCrash(string dump, string template)
    {
        var run = runs.Get(dump);
        int i = Array.FindIndex(Table, t => t.Command == template);
        string command = run.Commands[i];
        string expected = run.CrashOutputs[i];
        if (Table[i].Normalise == Normalise.LineNumbers)
            expected = LineNumberSuffix().Replace(expected, "$1");
        string actual = CommandRunner.Run(run.Kernel, command);
        Assert.True(expected == actual, $"`{command}` on {dump}\n--- {Crashdive.Tests.Commands.CrashReference.ExpectedVersion}:\n{expected}\n--- crashdive:\n{actual}");
    }

    // "ffffffff81234560 (T) schedule path/to/file.c: 123" -> without " path/to/file.c: 123"
    [GeneratedRegex(@"^([0-9a-f]+ \([TtWw]\) \S+) \S+: \d+$", RegexOptions.Multiline)]
    private static partial Regex LineNumberSuffix();

    /// <summary>One crash run per dump, shared by all cases of the class.</summary>
    public sealed class CrashRuns : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<DumpRun>> _runs = new();

        /// <summary>The run for <paramref name="dump"/> (made on first use).</summary>
        public DumpRun Get(string dump) => _runs.GetOrAdd(dump, d => new Lazy<DumpRun>(() => DumpRun.Make(d))).Value;

        /// <inheritdoc/>
        public void Dispose()
        {
            foreach (var r in _runs.Values)
            {
                if (r.IsValueCreated)
                    r.Value.Kernel.Dispose();
            }
        }
    }

    /// <summary>The expanded commands of one dump, crash's outputs for them, and our kernel for the dump.</summary>
    public sealed record DumpRun(KernelProgram Kernel, IReadOnlyList<string> Commands, IReadOnlyList<string> CrashOutputs)
    {
        public static DumpRun Make(string dump)
        {
            string path = Fixtures.Path(dump);
            string vmlinux = Fixtures.Path("kernel/vmlinux");
            var kernel = new KernelProgram(DumpOpener.Open(path));
            var facts = DumpFacts.Of(kernel);
            var commands = Table.Select(t => facts.Expand(t.Command)).ToList();
            return new DumpRun(kernel, commands, CrashReference.Run(vmlinux, path, commands));
        }
    }
}
