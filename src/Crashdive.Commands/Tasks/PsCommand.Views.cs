using System.Globalization;
using System.Text;
using Crashdive.Dumps;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Helpers.Time;
using Crashdive.Kernel;
using T = Crashdive.Helpers.Tasks.Tasks;

namespace Crashdive.Commands.Tasks;

public sealed partial class PsCommand
{
    private static readonly string[] RlimitNames =
        ["CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC", "NOFILE", "MEMLOCK", "AS", "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME"];

    /// <summary>crash's <c>show_ps_data()</c> for one task.</summary>
    private static void Show(KernelProgram kernel, TaskEntry t, Options o, StringBuilder sb, bool showAll, HashSet<ulong> groups, bool specified)
    {
        if (o.User && t.IsKernelThread)
            return;
        if (o.Kernel && !t.IsKernelThread)
            return;
        KObject task = T.At(kernel, t.Task);
        if (o.PolicyMask is ulong mask && ((1UL << (int)Math.Min(63, T.Policy(task))) & mask) == 0)
            return;
        if (o.Group)
        {
            if (t.Pid != t.Tgid)
            {
                if (!specified)
                    return;
                var leader = TaskTable.Of(kernel).Tasks.FirstOrDefault(x => x.Pid == t.Tgid);
                if (leader == null)
                    return;
                t = leader;
            }
            if (!groups.Add(t.Task))
                return;
        }
        switch (o.View)
        {
            case View.Parents:
                Parents(kernel, t, sb);
                sb.Append('\n');
                return;
            case View.Children:
                sb.Append(TaskDisplay.Header(t));
                int n = 0;
                foreach (var c in TaskTable.Of(kernel).Tasks)
                {
                    if (c.ParentTask == t.Task)
                    {
                        sb.Append("  ").Append(TaskDisplay.Header(c));
                        n++;
                    }
                }
                if (n == 0)
                    sb.Append("  (no children)\n");
                sb.Append('\n');
                return;
            case View.LastRun:
                LastRunLine(kernel, t, WidthOfFirst(kernel, o), sb);
                return;
            case View.Msecs:
                sb.Append('[').Append(Nanos(Delta(kernel, t))).Append("] ");
                sb.Append('[').Append(TaskState.Letters(TaskState.Of(task))).Append("]  ").Append(TaskDisplay.Header(t));
                return;
            case View.Args:
                sb.Append(TaskDisplay.Header(t));
                sb.Append(t.Mm == 0 ? "ps: no user stack\n\n" : "ps: cannot access user stack: reading user memory is not supported yet\n\n");
                return;
            case View.Rlimit:
                Rlimits(task, t, sb);
                return;
            case View.Threads:
                Threads(kernel, t, sb, specified, groups);
                return;
        }

        var (vm, rss, pct) = MemUsage(kernel, t);
        bool active = TaskDisplay.IsActive(kernel, t.Task);
        if (o.View == View.Active && showAll && !active)
            return;
        sb.Append(active ? "> " : "  ");
        int ppid = TaskTable.Of(kernel).ByAddress(t.ParentTask)?.Pid ?? 0;
        string pointer;
        if (o.KStackP)
            pointer = active ? TaskDisplay.Center("--", 16, true) : T.SavedStackPointer(task).ToString("x16");
        else
            pointer = t.Task.ToString("x16");
        string state = TaskState.Letters(TaskState.Of(task));
        sb.Append(t.Pid.ToString().PadLeft(7)).Append(' ').Append(ppid.ToString().PadLeft(7)).Append(' ')
          .Append(t.Cpu.ToString().PadLeft(3)).Append("  ").Append(pointer).Append(' ').Append(state.PadLeft(3))
          .Append(' ', state.Length > 3 ? 1 : 2);
        string p = pct.ToString("0.0", CultureInfo.InvariantCulture);
        if (p.Length == 3)
            p = " " + p;
        sb.Append(p).Append(' ');
        sb.Append((vm * 4).ToString().PadLeft(8)).Append(' ');
        sb.Append((rss * 4).ToString().PadLeft(8)).Append("  ");
        sb.Append(t.IsKernelThread ? $"[{t.Comm}]" : t.Comm).Append('\n');
    }

    private static void Parents(KernelProgram kernel, TaskEntry t, StringBuilder sb)
    {
        var table = TaskTable.Of(kernel);
        var chain = new List<TaskEntry> { t };
        var seen = new HashSet<ulong> { t.Task };
        var child = t;
        while (table.ByAddress(child.ParentTask) is TaskEntry parent && seen.Add(parent.Task))
        {
            chain.Add(parent);
            child = parent;
        }
        for (int i = chain.Count - 1, indent = 0; i >= 0; i--, indent++)
            sb.Append(' ', indent).Append(TaskDisplay.Header(chain[i]));
    }

    private static void Threads(KernelProgram kernel, TaskEntry t, StringBuilder sb, bool specified, HashSet<ulong> shown)
    {
        var table = TaskTable.Of(kernel);
        if (t.Pid != t.Tgid)
        {
            if (!specified)
                return;
            var leader = table.Tasks.FirstOrDefault(x => x.Pid == t.Tgid);
            if (leader == null)
                return;
            t = leader;
        }
        // crash shows the idle tasks once, as threads of swapper/0 (they share TGID 0).
        if (t.Pid == 0 && shown.Contains(0))
            return;
        sb.Append(TaskDisplay.Header(t));
        int n = 0;
        foreach (var c in table.Tasks)
        {
            if (c.Task == t.Task || c.Tgid != t.Tgid)
                continue;
            sb.Append("  ").Append(TaskDisplay.Header(c));
            n++;
            if (c.Pid == 0)
                shown.Add(0);
        }
        if (n == 0)
            sb.Append("  (no threads)\n");
        sb.Append('\n');
    }

    private static void Rlimits(KObject task, TaskEntry t, StringBuilder sb)
    {
        sb.Append(TaskDisplay.Header(t));
        KObject rlim = task.Member("signal").Member("rlim");
        int count = rlim.UnderlyingType is Crashdive.Symbols.Types.ArrayType a ? (int)Math.Min(a.Length ?? 16, 64) : 16;
        int len1 = RlimitNames.Max(n => n.Length);
        const int len2 = 11; // strlen("(unlimited)")
        sb.Append("  ").Append("RLIMIT".PadLeft(len1)).Append("   ").Append(TaskDisplay.Center("CURRENT", len2, true))
          .Append("   ").Append(TaskDisplay.Center("MAXIMUM", len2, true)).Append('\n');
        for (int i = 0; i < count; i++)
        {
            string name = i < RlimitNames.Length ? RlimitNames[i] : "(unknown)";
            sb.Append("  ").Append(name.PadLeft(len1)).Append("   ");
            ulong cur = rlim.Index(i).Member("rlim_cur").ToUInt64();
            ulong max = rlim.Index(i).Member("rlim_max").ToUInt64();
            sb.Append(cur == ulong.MaxValue ? "(unlimited)" : TaskDisplay.Center(cur.ToString(), len2, false)).Append("   ");
            sb.Append(max == ulong.MaxValue ? "(unlimited)" : TaskDisplay.Center(max.ToString(), len2, false)).Append('\n');
        }
        sb.Append('\n');
    }

    private static int WidthOfFirst(KernelProgram kernel, Options o)
    {
        // crash sizes the column by the first task after sorting by last run: the largest stamp.
        var first = TaskTable.Of(kernel).Tasks.OrderByDescending(t => LastRun(kernel, t)).FirstOrDefault();
        return first == null ? 1 : LastRun(kernel, first).ToString().Length;
    }

    private static void LastRunLine(KernelProgram kernel, TaskEntry t, int width, StringBuilder sb)
    {
        sb.Append('[').Append(LastRun(kernel, t).ToString().PadLeft(width)).Append("] ");
        sb.Append('[').Append(TaskState.Letters(TaskState.Of(T.At(kernel, t.Task)))).Append("]  ").Append(TaskDisplay.Header(t));
    }

    private static ulong Delta(KernelProgram kernel, TaskEntry t)
    {
        ulong clock = Runqueues.Clock(kernel, t.Cpu);
        ulong last = LastRun(kernel, t);
        return clock > last ? clock - last : 0;
    }

    /// <summary>crash's <c>translate_nanoseconds()</c>: <c>D HH:MM:SS.mmm</c>.</summary>
    internal static string Nanos(ulong ns)
    {
        ulong v = ns / 1_000_000;
        ulong ms = v % 1000;
        v /= 1000;
        return $"{v / 86400} {v / 3600 % 24:D2}:{v / 60 % 60:D2}:{v % 60:D2}.{ms:D3}";
    }

    /// <summary><c>ps -l -C</c> and <c>ps -m -C</c>: the tasks of each chosen CPU under a <c>CPU: N</c> line.</summary>
    private static void PerCpu(KernelProgram kernel, IReadOnlyList<TaskEntry> sorted, Options o, StringBuilder sb)
    {
        int width = WidthOfFirst(kernel, o);
        int others = 0;
        foreach (int cpu in o.Cpus!)
        {
            sb.Append(others++ > 0 ? "\n" : "").Append("CPU: ").Append(cpu).Append('\n');
            string clockText = Nanos(Runqueues.Clock(kernel, cpu));
            int maxDays = clockText.IndexOf(' ');
            foreach (var t in sorted)
            {
                if (t.Cpu != cpu)
                    continue;
                if (o.View == View.LastRun)
                {
                    LastRunLine(kernel, t, width, sb);
                    continue;
                }
                string text = Nanos(Delta(kernel, t));
                int days = text.IndexOf(' ');
                sb.Append('[').Append(' ', Math.Max(0, maxDays - days)).Append(text).Append("] ");
                sb.Append('[').Append(TaskState.Letters(TaskState.Of(T.At(kernel, t.Task)))).Append("]  ").Append(TaskDisplay.Header(t));
            }
        }
    }

    private static void StateSummary(KernelProgram kernel, IReadOnlyList<TaskEntry> all, StringBuilder sb)
    {
        var counts = new List<(string State, int Count)>();
        foreach (var t in all)
        {
            string s = TaskState.Letters(TaskState.Of(T.At(kernel, t.Task)));
            int i = counts.FindIndex(c => c.State == s);
            if (i < 0)
                counts.Add((s, 1));
            else
                counts[i] = (s, counts[i].Count + 1);
        }
        foreach (var (s, n) in counts)
            sb.Append("  ").Append(s).Append(": ").Append(n).Append('\n');
    }

    /// <summary>crash's <c>show_task_times()</c>: tasks by start time with run time, start time, utime and stime.</summary>
    private static void Times(KernelProgram kernel, IReadOnlyList<TaskEntry> tasks, Options o, StringBuilder sb)
    {
        int hz = Jiffies.Hz(kernel);
        ulong uptime = Jiffies.Uptime(kernel);
        var rows = new List<(TaskEntry T, ulong Start, ulong U, ulong S)>();
        var groups = new HashSet<ulong>();
        foreach (var t in tasks)
        {
            if (o.User && t.IsKernelThread)
                continue;
            if (o.Kernel && !t.IsKernelThread)
                continue;
            if (o.Group && (t.Pid != t.Tgid || !groups.Add(t.Task)))
                continue;
            try
            {
                KObject task = T.At(kernel, t.Task);
                rows.Add((t, T.StartTime(task), T.Utime(task), T.Stime(task)));
            }
            catch (MemoryFaultException)
            {
            }
        }
        foreach (var r in rows.OrderBy(r => r.Start))
        {
            ulong startTicks = r.Start / 1_000_000_000 * (ulong)hz;
            ulong run = startTicks > uptime ? 0 : uptime - startTicks;
            sb.Append(TaskDisplay.Header(r.T));
            sb.Append("    RUN TIME: ").Append(Jiffies.Format(run, hz)).Append('\n');
            sb.Append("  START TIME: ").Append(r.Start).Append('\n');
            sb.Append("       UTIME: ").Append(r.U).Append('\n');
            sb.Append("       STIME: ").Append(r.S).Append("\n\n");
        }
    }
}
