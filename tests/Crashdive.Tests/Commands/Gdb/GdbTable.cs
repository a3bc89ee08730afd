using System.Text.RegularExpressions;

namespace Crashdive.Tests.Commands.Gdb;

/// <summary>
/// The gdb-style lines crash users type, as one table run in order in one session (value history numbers,
/// x's remembered format and address, the selected task and frame carry from line to line). Addresses come
/// from symbols and PIDs from the guest's ground truth, so the table fits any build of the fixture.
/// </summary>
public static partial class GdbTable
{
    /// <summary>The sleeping tasks of the fixture's workload, by their ground-truth lines (the two sleepers and the pipe reader).</summary>
    public static IReadOnlyList<int> SleepingPids(Fixtures.Truth truth)
    {
        var pids = new List<int>();
        foreach (string line in truth.FxLines)
        {
            Match m = SleeperLine().Match(line);
            if (m.Success)
                pids.Add(int.Parse(m.Groups[1].Value));
        }
        Assert.True(pids.Count >= 3, "the ground truth names fewer than three sleeping workload tasks");
        return pids.Distinct().Take(3).ToArray();
    }

    [GeneratedRegex(@"^FX (?:sleeper|pipe-reader) pid=(\d+)")]
    private static partial Regex SleeperLine();

    /// <summary>The table for a fixture whose ground truth is <paramref name="truth"/>.</summary>
    public static IReadOnlyList<GdbLine> Lines(Fixtures.Truth truth)
    {
        IReadOnlyList<int> sleepers = SleepingPids(truth);
        var lines = new List<GdbLine>
        {
            // x: every format and unit, gdb's defaults and what it remembers
            "x/4gx &init_task",
            "x/2gx",
            "x /2gx &init_task",
            "x/8xb &init_task",
            "x/4dw &init_task",
            "x/3uh &init_task",
            "x/2ow &init_task",
            "x/2tw &init_task",
            "x/2a &init_task",
            "x/4c init_task.comm",
            "x/2f &init_task",
            "x/2zw &init_task",
            "x/3xh &jiffies",
            "x/2dg &jiffies",
            "x/2ub init_task.comm",
            "x/tb init_task.comm",
            "x/s linux_banner",
            "x/2s init_task.comm",
            "x/3i schedule",
            "disassemble schedule",
            "x/2xg init_task",           // a struct is no address: gdb refuses it
            "x/4xw",
            // print with a format: integers, pointers, arrays, structs
            "p/x jiffies",
            "p /x init_task.pid",
            "p/d init_task.pid",
            "p/u init_task.prio",
            "p/x init_task.comm",
            "p/d init_task.comm",
            "p/c init_task.comm",
            "p/s init_task.comm",
            "p/x &init_task",
            "p/a init_task.sched_class",
            "p/x init_task.tasks",
            "p/x init_task.se.load",
            "p/o init_task.prio",
            "p/t init_task.prio",
            "p/z init_task.prio",
            "p/t 10",
            "p/o 8",
            "p/c 65",
            "p/z 5",
            "p/u (char)-1",
            "p/d (unsigned char)200",
            "p/x (short)-1",
            "p/x -1",
            "p/a schedule",              // gdb numbers the value, then cannot format a function
            "print init_task.pid",
            "print/x init_task.flags",
            "print $",
            "output init_task.pid",
            "output/x init_task.prio",
            "printf \"%s %d\\n\", init_task.comm, init_task.pid",
            "printf \"%#lx %lu\\n\", &init_task, sizeof(init_task)",
            "printf \"[%5d|%-5d|%05d|%x]\\n\", 42, 42, 42, 255",
            // ptype: structs, unions, enums, typedefs, function pointers, arrays
            "ptype struct list_head",
            "ptype/o struct list_head",
            "ptype struct upid",
            "ptype/o struct upid",
            "ptype/o struct pid",
            "ptype struct hlist_node",
            "ptype struct callback_head",
            "ptype/o struct callback_head",
            "ptype init_task.sched_class",
            "ptype init_task.sched_class->enqueue_task",
            "ptype init_task.tasks",
            "ptype init_task.thread_pid",
            "ptype union rcu_special",
            "ptype/o union rcu_special",
            "ptype spinlock_t",
            "ptype/o spinlock_t",
            "ptype atomic_t",
            "ptype jiffies",
            "ptype pid_t",
            "ptype enum pid_type",
            "ptype init_task.comm",
            "ptype schedule",
            "ptype unsigned long",
            "ptype struct list_head *",
            "ptype task_struct",         // no such symbol: a struct needs its keyword
            // whatis as gdb (crash's own whatis is crash's)
            "gdb whatis init_task",
            "gdb whatis pid_t",
            "gdb whatis init_task.comm",
            "gdb whatis &init_task",
            "gdb whatis struct list_head",
            // info about symbols and lines
            "info symbol &init_task",
            "info symbol ((char *)&init_task)+8",
            "info symbol schedule",
            "info address jiffies",
            "info address schedule",
            "info line schedule",
            // gdb's list (crash's list walks lists): no source tree on either side
            "gdb list schedule",
            "gdb list *schedule",
            "gdb list panic",
            // the panic task: registers from the dump's note
            GdbLine.Setup("set -p"),
            "info registers",
            "info registers rip rsp",
            "i r rbx",
            "info registers pc sp",
            "info frame",
            "info args",
            "x/2i $pc",
            "disassemble",
            GdbLine.GdbFrame(1),
            "info registers",
            GdbLine.GdbFrame(2),
            "info registers",
            "info locals",
            "x/i $pc",
            // words: gdb's, crash's and nobody's
            "foo",
            "run",
            "gdb foo",
            "info registers foo",
        };
        foreach (int pid in sleepers)
        {
            lines.Add(GdbLine.Setup($"set {pid}"));
            lines.Add("info registers");
            lines.Add("x/2i $pc");
            lines.Add(GdbLine.GdbFrame(1));
            lines.Add("info registers");
            lines.Add(GdbLine.GdbFrame(3));
            lines.Add("info registers");
            lines.Add("info registers rip rbx r12");
            lines.Add("disassemble");
        }
        lines.Add(GdbLine.Setup($"set {sleepers[0]}"));
        lines.Add("info frame");
        lines.Add("gdb list *$pc");
        return lines;
    }
}
