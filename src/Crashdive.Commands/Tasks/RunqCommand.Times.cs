using System.Globalization;
using System.Text;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using T = Crashdive.Helpers.Tasks.Tasks;

namespace Crashdive.Commands.Tasks;

public sealed partial class RunqCommand
{
    /// <summary>crash's <c>dump_on_rq_timestamp</c> (<c>-t</c>): rq.clock, then the running task's last run, zero-padded to its width, in the session's radix.</summary>
    private static void Timestamps(KernelProgram kernel, IReadOnlyList<int> cpus, StringBuilder sb)
    {
        var table = TaskTable.Of(kernel);
        var active = Runqueues.ActiveTasks(kernel);
        string format = SessionSettings.Of(kernel).Radix == 16 ? "x" : "d";
        foreach (int cpu in cpus)
        {
            string clock = Runqueues.Clock(kernel, cpu).ToString(format, CultureInfo.InvariantCulture);
            sb.Append(cpu < 10 ? " " : "").Append("CPU ").Append(cpu).Append(": ").Append(clock).Append('\n');
            if (table.ByAddress(active[cpu]) is TaskEntry tc)
            {
                int indent = cpu < 10 ? 8 : cpu < 100 ? 8 : 9;
                string stamp = T.LastRun(T.At(kernel, tc.Task)).ToString(format, CultureInfo.InvariantCulture).PadLeft(clock.Length, '0');
                sb.Append(' ', indent).Append(stamp).Append("  ").Append(Line(tc)).Append('\n');
            }
            else
                sb.Append('\n');
        }
    }

    /// <summary>
    /// crash's <c>dump_on_rq_lag</c> (<c>-T</c>): every CPU (crash ignores <c>-c</c> here), most recent
    /// rq.clock first, with its lag behind that one in seconds.
    /// </summary>
    private static void Lag(KernelProgram kernel, StringBuilder sb)
    {
        int n = Runqueues.CpuCount(kernel);
        var stamps = new (int Cpu, ulong Clock)[n];
        for (int cpu = 0; cpu < n; cpu++)
            stamps[cpu] = (cpu, Runqueues.Clock(kernel, cpu));
        // descending; ties keep CPU order (glibc's qsort merge-sorts arrays this small)
        var sorted = stamps.OrderByDescending(s => s.Clock).ToArray();
        int width = Log10(n);
        foreach (var (cpu, clock) in sorted)
        {
            double lag = ((double)sorted[0].Clock - clock) / 1_000_000_000.0;
            sb.Append(' ', 2 + width - Log10(cpu)).Append("CPU ").Append(cpu).Append(": ")
              .Append(lag.ToString("F2", CultureInfo.InvariantCulture)).Append(" secs\n");
        }
    }

    /// <summary>crash's <c>__log10ul</c>: the number of decimal digits of <paramref name="x"/> (1 for 0).</summary>
    private static int Log10(int x)
    {
        int digits = 1;
        while (x > 9)
        {
            digits++;
            x /= 10;
        }
        return digits;
    }

    /// <summary>crash's <c>dump_on_rq_milliseconds</c> (<c>-m</c>): how long each CPU's running task has run, as days and time.</summary>
    private static void Milliseconds(KernelProgram kernel, IReadOnlyList<int> cpus, StringBuilder sb)
    {
        var table = TaskTable.Of(kernel);
        var active = Runqueues.ActiveTasks(kernel);
        int n = Runqueues.CpuCount(kernel);
        int maxIndent = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
        int maxDays = 0;
        foreach (int cpu in cpus)
        {
            ulong clock = Runqueues.Clock(kernel, cpu);
            if (maxDays == 0)
                maxDays = PsCommand.Nanos(clock).IndexOf(' ');
            int indent = cpu < 10 ? maxIndent : cpu < 100 ? maxIndent - 1 : cpu < 1000 ? maxIndent - 2 : maxIndent - 4;
            indent = Math.Max(indent, 0);
            if (table.ByAddress(active[cpu]) is not TaskEntry tc)
            {
                sb.Append(' ', indent).Append("CPU ").Append(cpu).Append(": [unknown]\n");
                continue;
            }
            ulong last = T.LastRun(T.At(kernel, tc.Task));
            string text = PsCommand.Nanos(clock > last ? clock - last : 0);
            int days = text.IndexOf(' ');
            sb.Append(' ', indent).Append("CPU ").Append(cpu).Append(": [").Append(' ', Math.Max(maxDays - days, 0))
              .Append(text).Append("]  ").Append(Line(tc)).Append('\n');
        }
    }

    /// <summary>
    /// crash's <c>dump_on_rq_tasks</c> (<c>-d</c>, not in its help): for each CPU, every task whose
    /// <c>on_rq</c> is set and that last ran there, in task-table order.
    /// </summary>
    private static void OnRq(KernelProgram kernel, IReadOnlyList<int> cpus, StringBuilder sb)
    {
        var table = TaskTable.Of(kernel);
        bool hasOnRq = T.At(kernel, 0).HasMember("on_rq");
        foreach (int cpu in cpus)
        {
            sb.Append(cpu > 0 ? "\n" : "").Append("CPU ").Append(cpu).Append('\n');
            int total = 0;
            foreach (TaskEntry t in table.Tasks)
            {
                if (t.Cpu != cpu)
                    continue;
                KObject task = T.At(kernel, t.Task);
                long onRq;
                try
                {
                    onRq = hasOnRq ? task.Member("on_rq").ToInt64() : task.Member("se.on_rq").ToInt64();
                }
                catch (Crashdive.Dumps.MemoryFaultException)
                {
                    continue;
                }
                if (onRq == 0)
                    continue;
                sb.Append("     ");
                Entry(kernel, sb, t, false);
                total++;
            }
            if (total == 0)
                sb.Append("     [no tasks queued]\n");
        }
    }
}
