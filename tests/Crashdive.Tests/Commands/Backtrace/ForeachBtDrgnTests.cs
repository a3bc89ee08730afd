using System.Globalization;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Stack;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands.Backtrace;

/// <summary>
/// Every task's backtrace against drgn 0.0.22's <c>stack_trace</c> on every fixture dump drgn can open (it cannot
/// translate the 6.1 and 6.12 QEMU dumps without paging, nor read kdump-compressed QEMU dumps). A task that sleeps
/// has exactly drgn's program counters. A task running on a CPU is shown the way crash shows it: from the
/// NMI/crash frames on its CPU's exception or IRQ stack (crash_nmi_callback, machine_kexec), which drgn skips by
/// starting at the registers the CPU saved; there drgn's frames after its first must be ours, in order, and its
/// first lies in one of our functions. drgn 0.0.22 predates the 6.x ORC type numbering and stops with "unknown ORC
/// entry type" on some 6.12 stacks: those tasks are counted, must stay a minority, and ours must reach the stack's
/// bottom (the syscall entry or ret_from_fork). `foreach bt` prints every task without an error.
/// </summary>
public sealed class ForeachBtDrgnTests
{
    private const string Script = """
        from drgn.helpers.linux.pid import for_each_task
        def show(t):
            seen = []
            try:
                for f in prog.stack_trace(t):
                    if f.pc >= 0xffff800000000000 and (not seen or seen[-1] != f.pc):
                        seen.append(f.pc)
            except Exception as e:
                print(hex(t.value_()), "ERR", str(e).replace(" ", "_"))
                return
            print(hex(t.value_()), "OK", " ".join(hex(p) for p in seen))
        for t in for_each_task(prog):
            show(t)
        show(prog["init_task"].address_of_())
        from drgn.helpers.linux.sched import idle_task
        # present, not online: panic() takes the other CPUs offline as it stops them (QEMU dumps of a panicked guest)
        from drgn.helpers.linux.cpumask import for_each_present_cpu
        for cpu in for_each_present_cpu(prog):
            if cpu != 0:
                show(idle_task(prog, cpu))
        """;

    [Theory]
    [InlineData("6.1", "kdump/vmcore.kdump-zlib")]
    [InlineData("6.1", "kdump/vmcore.elf")]
    [InlineData("6.1", "oops/vmcore.kdump-zlib")]
    [InlineData("6.12", "kdump/vmcore.elf")]
    [InlineData("6.12", "oops/vmcore.elf")]
    [InlineData("6.12", "qemu/vmcore.paging-elf")]
    public void EveryTaskHasDrgnsFrames(string kernel, string dumpRel)
    {
        bool is612 = kernel == "6.12";
        string dump = is612 ? Fixtures.Path612(dumpRel) : Fixtures.Path(dumpRel);
        string vmlinux = is612 ? Fixtures.Path612("kernel/vmlinux") : Fixtures.Path("kernel/vmlinux");
        var drgn = new Dictionary<ulong, (bool Ok, string[] Words)>();
        foreach (string line in DrgnScript.Run(vmlinux, dump, Script).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            drgn[Convert.ToUInt64(w[0], 16)] = (w[1] == "OK", w[2..]);
        }
        using var k = is612 ? Fixtures.OpenKernel612(dumpRel) : Fixtures.OpenKernel(dumpRel);
        var table = TaskTable.Of(k);
        var active = new HashSet<ulong>(Runqueues.ActiveTasks(k)) { Runqueues.PanicTask(k) };
        int compared = 0, drgnFailed = 0;
        var failures = new List<string>();
        foreach (var t in table.Tasks)
        {
            Assert.True(drgn.TryGetValue(t.Task, out var theirs), $"drgn did not list task {t.Task:x} (pid {t.Pid})");
            var bt = TaskBacktrace.Of(k, Tasks.At(k, t.Task));
            var ours = Dedup(bt.Frames.Select(f => f.Pc));
            if (!theirs.Ok)
            {
                Assert.Contains("unknown_ORC_entry_type", theirs.Words[0], StringComparison.Ordinal);
                drgnFailed++;
                string last = k.Kallsyms.Resolve(ours[^1])?.Name ?? "";
                if (!(last.StartsWith("entry_SYSCALL_64", StringComparison.Ordinal) || last == "ret_from_fork" || last.StartsWith("ret_from_fork", StringComparison.Ordinal)))
                    failures.Add($"pid {t.Pid}: drgn could not unwind; ours ends in {last}");
                continue;
            }
            var pcs = theirs.Words.Select(h => Convert.ToUInt64(h, 16)).ToList();
            compared++;
            if (!active.Contains(t.Task))
            {
                if (!pcs.SequenceEqual(ours))
                    failures.Add($"pid {t.Pid} {t.Comm}: drgn {Hex(pcs)}\n  ours {Hex(ours)}");
                continue;
            }
            // A QEMU dump of a guest that panicked without kdump: drgn 0.3.0 starts the panic task where the CPU was
            // when QEMU stopped it, in panic()'s delay loop (delay_tsc in vpanic on 6.12); we start, as crash 9.0.2
            // does, at the frames of panic() itself. Those leading delay-loop frames of drgn's are skipped.
            if (t.Task == Runqueues.PanicTask(k))
            {
                int firstCommon = pcs.FindIndex(pc => ours.Contains(pc));
                if (firstCommon > 0 && pcs.Take(firstCommon).All(pc => (k.Kallsyms.Resolve(pc)?.Name ?? "") is "delay_tsc" or "__const_udelay" or "__udelay" or "delay_halt" or "delay_loop" or "panic" or "vpanic"))
                    pcs = pcs.Skip(firstCommon).ToList();
            }
            // running: drgn's frames after its first are ours, in order; its first is inside one of our functions
            if (!IsOrderedSubsequence(pcs.Skip(1).ToList(), ours))
                failures.Add($"running pid {t.Pid} {t.Comm}: drgn {Hex(pcs)} not within ours {Hex(ours)}");
            if (pcs.Count > 0)
            {
                string? first = k.Kallsyms.Resolve(pcs[0])?.Name ?? k.ModuleSymbols.Resolve(pcs[0])?.Symbol.Name;
                if (!ours.Any(p => (k.Kallsyms.Resolve(p)?.Name ?? k.ModuleSymbols.Resolve(p)?.Symbol.Name) == first))
                    failures.Add($"running pid {t.Pid}: drgn's first frame {first} is none of ours");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(compared > 2 * drgnFailed, $"compared {compared} tasks, drgn failed on {drgnFailed}");

        string all = CommandRunner.RunOk(k, "foreach bt");
        Assert.Equal(table.Tasks.Count, all.Split('\n').Count(l => l.StartsWith("PID: ", StringComparison.Ordinal)));
        Assert.DoesNotContain("bt: ", all, StringComparison.Ordinal);
    }

    private static List<ulong> Dedup(IEnumerable<ulong> pcs)
    {
        var list = new List<ulong>();
        foreach (ulong p in pcs)
        {
            if (list.Count == 0 || list[^1] != p)
                list.Add(p);
        }
        return list;
    }

    private static bool IsOrderedSubsequence(List<ulong> small, List<ulong> big)
    {
        int j = 0;
        foreach (ulong p in small)
        {
            while (j < big.Count && big[j] != p)
                j++;
            if (j == big.Count)
                return false;
            j++;
        }
        return true;
    }

    private static string Hex(IEnumerable<ulong> pcs) => string.Join(' ', pcs.Select(p => p.ToString("x", CultureInfo.InvariantCulture)));
}
