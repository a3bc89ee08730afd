using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdive.Tests.Commands.Gdb;

/// <summary>
/// <c>info registers</c> in each of gdb's frames (selected with <c>gdb frame N</c> after <c>set</c>) against drgn 0.3.0's
/// <c>prog.stack_trace(task)[N].registers()</c> for the panic task and three sleeping tasks: the frames are numbered
/// alike (inlined calls are frames of their own in both) and have the same functions, and every register drgn
/// knows in a frame crashdive shows with the same value. drgn knows fewer registers in callers (only what the call
/// frame information restores); crashdive, as gdb, keeps the others' values from the callee.
///
/// One difference is crash 9.0.2's, which crashdive follows: crash gives its gdb no eflags and segment registers
/// of a task on a CPU although the dump's note holds them (drgn shows rflags, cs, ss... from the note), so those
/// show &lt;unavailable&gt; as in crash.
/// </summary>
public sealed partial class GdbRegistersDrgnTests
{
    private const int Frames = 8;

    private static readonly HashSet<string> CrashWithholds = ["eflags", "cs", "ss", "ds", "es", "fs", "gs"];

    [Fact]
    public void Kernel61RegistersAgreeWithDrgn() =>
        AssertAgree(Fixtures.Path("kernel/vmlinux"), Fixtures.Path("kdump/vmcore.kdump-zlib"), Fixtures.GroundTruth("kdump"));

    // The 6.12 set's QEMU dump (crashdive's task list lacks the workload's tasks in the 6.12 kdump file).
    [Fact]
    public void Kernel612RegistersAgreeWithDrgn() =>
        AssertAgree(Fixtures.Path612("kernel/vmlinux"), Fixtures.Path612("qemu/vmcore.paging-elf"), Fixtures.GroundTruth612("qemu"));

    private static void AssertAgree(string vmlinux, string dump, Fixtures.Truth truth)
    {
        IReadOnlyList<int> sleepers = GdbTable.SleepingPids(truth);
        string script = $$"""
            from drgn.helpers.linux.pid import find_task
            def dump(label, task):
                for i, f in enumerate(prog.stack_trace(task)):
                    if i >= {{Frames}}:
                        break
                    regs = f.registers()
                    print(label, i, f.name, ' '.join(f'{k}={v:x}' for k, v in sorted(regs.items())))
            dump('panic', prog.crashed_thread().object)
            for pid in ({{string.Join(", ", sleepers)}},):
                dump(str(pid), find_task(prog, pid))
            """;
        string drgn = DrgnScript.Run(vmlinux, dump, script);
        var expected = drgn.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        using var ours = new PromptRun(vmlinux, dump);
        var failures = new List<string>();
        int compared = 0;
        foreach (string label in new[] { "panic" }.Concat(sleepers.Select(p => p.ToString(CultureInfo.InvariantCulture))))
        {
            Assert.DoesNotContain("set:", ours.Run(label == "panic" ? "set -p" : $"set {label}"));
            foreach (string[] d in expected.Where(e => e[0] == label))
            {
                int level = int.Parse(d[1], CultureInfo.InvariantCulture);
                string function = d[2];
                if (function.StartsWith("0x", StringComparison.Ordinal))
                    break; // user space: gdb's kernel view ends before it
                string frameLine = ours.Run($"gdb frame {level}");
                Match m = FrameLine().Match(frameLine);
                if (!m.Success || m.Groups[1].Value != function)
                {
                    failures.Add($"{label} frame {level}: drgn has {function}, crashdive printed {frameLine.TrimEnd()}");
                    continue;
                }
                Dictionary<string, ulong?> registers = ParseRegisters(ours.Run("info registers"));
                foreach (string pair in d.Skip(3))
                {
                    string[] kv = pair.Split('=');
                    string name = kv[0] switch { "rflags" => "eflags", "fs.base" => "fs_base", "gs.base" => "gs_base", _ => kv[0] };
                    ulong value = ulong.Parse(kv[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (!registers.TryGetValue(name, out ulong? shown))
                        failures.Add($"{label} frame {level} ({function}): no {name} in info registers");
                    else if (shown == null && !CrashWithholds.Contains(name))
                        failures.Add($"{label} frame {level} ({function}): {name} unavailable, drgn has {value:x}");
                    else if (shown != null && shown != value)
                        failures.Add($"{label} frame {level} ({function}): {name} = {shown:x}, drgn has {value:x}");
                    else if (shown != null)
                        compared++;
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(compared >= 100, $"only {compared} register values compared");
    }

    private static Dictionary<string, ulong?> ParseRegisters(string text)
    {
        var result = new Dictionary<string, ulong?>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            result[words[0]] = words[1] == "<unavailable>" ? null : ulong.Parse(words[1][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return result;
    }

    [GeneratedRegex(@"^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(")]
    private static partial Regex FrameLine();
}
