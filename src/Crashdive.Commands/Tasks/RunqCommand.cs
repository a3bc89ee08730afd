using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using T = Crashdive.Helpers.Tasks.Tasks;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// <c>runq</c>: each CPU's run queue in crash's layouts: the running task, RT priority array and CFS tree
/// (default), by task group (<c>-g</c>), run-queue clocks (<c>-t</c>), lag between CPUs (<c>-T</c>), how long
/// the running task has run (<c>-m</c>), tasks marked on a run queue (<c>-d</c>); <c>--json</c> for scripts.
/// </summary>
public sealed partial class RunqCommand : ICommand, IJsonCommand
{
    /// <inheritdoc/>
    public string Name => "runq";

    /// <summary>The synopsis as crash prints it in its usage message.</summary>
    public const string Synopsis = "[-t] [-T] [-m] [-g] [-c cpu(s)]";

    private sealed record Request(char Mode, IReadOnlyList<int> Cpus, bool CpuMask);

    private static Request Parse(KernelProgram kernel, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Declaration.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandUsageException(parsed.Errors[0]);
        if (parsed.Words.Count > 0)
            throw new CommandUsageException("");
        int cpus = Runqueues.CpuCount(kernel);
        IReadOnlyList<int> chosen = Enumerable.Range(0, cpus).ToList();
        bool t = false, lag = false, ms = false, d = false, g = false, mask = false;
        foreach (var o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 'c':
                    if (mask)
                        throw new CommandUsageException("only one -c option allowed");
                    chosen = CpuSpec.Parse(o.Value!, cpus);
                    mask = true;
                    break;
                case 't': t = true; break;
                case 'T': lag = true; break;
                case 'm': ms = true; break;
                case 'd': d = true; break;
                case 'g': g = true; break;
            }
        }
        // crash's precedence when several are given
        char mode = t ? 't' : lag ? 'T' : ms ? 'm' : d ? 'd' : g ? 'g' : ' ';
        return new Request(mode, chosen, mask);
    }

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var kernel = context.Kernel;
        Request r = Parse(kernel, args);
        var sb = new StringBuilder(1024);
        switch (r.Mode)
        {
            case 't': Timestamps(kernel, r.Cpus, sb); break;
            case 'T': Lag(kernel, sb); break;
            case 'm': Milliseconds(kernel, r.Cpus, sb); break;
            case 'd': OnRq(kernel, r.Cpus, sb); break;
            case 'g': ByTaskGroup(context, r.Cpus, sb); break;
            default: Queues(context, r.Cpus, sb); break;
        }
        context.Out.Write(sb);
    }

    private static string Line(TaskEntry t) => $"PID: {t.Pid,-5}  TASK: {t.Task:x}  COMMAND: \"{t.Comm}\"";

    /// <summary>crash's <c>dump_task_runq_entry</c>: <c>[prio] PID: ...</c>, <c>[CURRENT]</c> for the running task.</summary>
    private static void Entry(KernelProgram kernel, StringBuilder sb, TaskEntry t, bool current)
    {
        sb.Append('[').Append(T.Prio(T.At(kernel, t.Task)).ToString().PadLeft(3)).Append("] ").Append(Line(t));
        sb.Append(current ? " [CURRENT]\n" : "\n");
    }

    /// <summary>crash's <c>dump_CFS_runqueues</c>: per CPU the running task, the RT priority array, the CFS tree.</summary>
    private static void Queues(CommandContext context, IReadOnlyList<int> cpus, StringBuilder sb)
    {
        var kernel = context.Kernel;
        var table = TaskTable.Of(kernel);
        var active = Runqueues.ActiveTasks(kernel);
        int shown = 0;
        foreach (int cpu in cpus)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            KObject rq = Runqueues.Of(kernel, cpu);
            sb.Append(shown++ > 0 ? "\n" : "").Append("CPU ").Append(cpu).Append(" RUNQUEUE: ").Append(rq.Address.ToString("x")).Append('\n');
            sb.Append("  CURRENT: ");
            if (table.ByAddress(active[cpu]) is TaskEntry tc)
                sb.Append(Line(tc)).Append('\n');
            else
                sb.Append(active[cpu].ToString("x")).Append('\n');
            KObject rtActive = rq.Member("rt.active");
            sb.Append("  RT PRIO_ARRAY: ").Append(rtActive.Address.ToString("x")).Append('\n');
            if (RtArray(kernel, rtActive, table, sb, 0) == 0)
                sb.Append("     [no tasks queued]\n");
            KObject cfs = rq.Member("cfs");
            sb.Append("  CFS RB_ROOT: ").Append(cfs.Member("tasks_timeline").Address.ToString("x")).Append('\n');
            if (CfsTree(kernel, cfs, table, sb, new HashSet<ulong>(), 0) == 0)
                sb.Append("     [no tasks queued]\n");
        }
    }

    /// <summary>crash's <c>dump_RT_prio_array</c>: each queued RT task, a group's entity replaced by its own queue's tasks.</summary>
    private static int RtArray(KernelProgram kernel, KObject prioArray, TaskTable table, StringBuilder sb, int depth)
    {
        if (depth > MaxGroupDepth)
            return 0;
        int total = 0;
        foreach (var (prio, entity) in SchedQueues.RtEntities(prioArray))
        {
            ulong myQ = SchedQueues.RtMyQ(kernel, entity);
            if (myQ != 0)
            {
                KObject rtRq = KObject.Reference(kernel, kernel.Type("struct rt_rq"), myQ);
                total += RtArray(kernel, rtRq.Member("active"), table, sb, depth + 1);
                continue;
            }
            if (table.ByAddress(SchedQueues.TaskOfRtEntity(kernel, entity)) is not TaskEntry t)
                continue;
            sb.Append("     [").Append(prio.ToString().PadLeft(3)).Append("] ").Append(Line(t)).Append('\n');
            total++;
        }
        return total;
    }

    /// <summary>Deepest task-group nesting followed (the kernel allows far fewer levels of cgroups in practice).</summary>
    private const int MaxGroupDepth = 64;

    /// <summary>
    /// crash's <c>dump_tasks_in_cfs_rq</c>: the tasks of a running group entity's queue first, then the tree
    /// in order, groups replaced by their queues; a task seen twice ends the walk with crash's warning.
    /// </summary>
    private static int CfsTree(KernelProgram kernel, KObject cfsRq, TaskTable table, StringBuilder sb, HashSet<ulong> seen, int depth)
    {
        if (depth > MaxGroupDepth)
            return 0;
        int total = 0;
        ulong curr = cfsRq.Member("curr").ToUInt64();
        if (curr != 0 && SchedQueues.CfsMyQ(kernel, curr) is ulong currQ and not 0)
            total += CfsTree(kernel, CfsRq(kernel, currQ), table, sb, seen, depth + 1);
        foreach (ulong se in SchedQueues.CfsEntities(cfsRq))
        {
            ulong myQ = SchedQueues.CfsMyQ(kernel, se);
            if (myQ != 0)
            {
                total += CfsTree(kernel, CfsRq(kernel, myQ), table, sb, seen, depth + 1);
                continue;
            }
            if (table.ByAddress(SchedQueues.TaskOfCfsEntity(kernel, se)) is not TaskEntry t)
                continue;
            if (!seen.Add(t.Task))
            {
                sb.Append($"runq: WARNING: duplicate CFS runqueue node: task {t.Task:x}\n");
                return total;
            }
            sb.Append("     ");
            Entry(kernel, sb, t, false);
            total++;
        }
        return total;
    }

    private static KObject CfsRq(KernelProgram kernel, ulong address) => KObject.Reference(kernel, kernel.Type("struct cfs_rq"), address);
}
