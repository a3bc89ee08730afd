using Crashdive.Helpers.Trees;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using T = Crashdive.Helpers.Tasks.Tasks;

namespace Crashdive.Commands.Tasks;

/// <summary><c>runq</c>: each CPU's run queue (running task, RT priority array, CFS tree) in crash's layout.</summary>
public sealed partial class RunqCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "runq";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("tTgmc:").Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandUsageException(parsed.Errors[0]);
        if (parsed.Words.Count > 0)
            throw new CommandUsageException("");
        var kernel = context.Kernel;
        int cpus = Runqueues.CpuCount(kernel);
        IReadOnlyList<int> chosen = Enumerable.Range(0, cpus).ToList();
        char mode = ' ';
        foreach (var o in parsed.Options)
        {
            if (o.Letter == 'c')
                chosen = CpuSpec.Parse(o.Value!, cpus);
            else
                mode = o.Letter;
        }
        var table = TaskTable.Of(kernel);
        var active = Runqueues.ActiveTasks(kernel);
        var sb = new StringBuilder(1024);
        switch (mode)
        {
            case 't':
                foreach (int cpu in chosen)
                {
                    string clock = Runqueues.Clock(kernel, cpu).ToString();
                    sb.Append(cpu < 10 ? " " : "").Append("CPU ").Append(cpu).Append(": ").Append(clock).Append('\n');
                    if (table.ByAddress(active[cpu]) is TaskEntry tc)
                    {
                        int indent = cpu < 10 ? 8 : cpu < 100 ? 8 : 9;
                        string stamp = T.LastRun(T.At(kernel, tc.Task)).ToString().PadLeft(clock.Length, '0');
                        sb.Append(' ', indent).Append(stamp).Append("  ").Append(Line(tc)).Append('\n');
                    }
                    else
                        sb.Append('\n');
                }
                break;
            case 'm':
                var lines = new List<(string Text, string Task)>();
                foreach (int cpu in chosen)
                {
                    if (table.ByAddress(active[cpu]) is not TaskEntry tc)
                        continue;
                    ulong clock = Runqueues.Clock(kernel, cpu), last = T.LastRun(T.At(kernel, tc.Task));
                    lines.Add(($" CPU {cpu}: ", PsCommand.Nanos(clock > last ? clock - last : 0) + "]  " + Line(tc)));
                }
                foreach (var (cpuText, rest) in lines)
                    sb.Append(cpuText).Append('[').Append(rest).Append('\n');
                break;
            case 'g':
            case 'T':
                throw new CommandException($"-{mode} is not supported yet");
            default:
                int shown = 0;
                foreach (int cpu in chosen)
                {
                    KObject rq = Runqueues.Of(kernel, cpu);
                    sb.Append(shown++ > 0 ? "\n" : "").Append("CPU ").Append(cpu).Append(" RUNQUEUE: ").Append(rq.Address.ToString("x")).Append('\n');
                    sb.Append("  CURRENT: ");
                    if (table.ByAddress(active[cpu]) is TaskEntry tc)
                        sb.Append(Line(tc)).Append('\n');
                    else
                        sb.Append(active[cpu].ToString("x")).Append('\n');
                    KObject rtActive = rq.Member("rt.active");
                    sb.Append("  RT PRIO_ARRAY: ").Append(rtActive.Address.ToString("x")).Append('\n');
                    if (Rt(kernel, rtActive, table, sb) == 0)
                        sb.Append("     [no tasks queued]\n");
                    KObject timeline = rq.Member("cfs.tasks_timeline");
                    sb.Append("  CFS RB_ROOT: ").Append(timeline.Address.ToString("x")).Append('\n');
                    if (Cfs(kernel, rq.Member("cfs"), table, sb, 0) == 0)
                        sb.Append("     [no tasks queued]\n");
                }
                break;
        }
        context.Out.Write(sb);
    }

    private static string Line(TaskEntry t) => $"PID: {t.Pid,-5}  TASK: {t.Task:x}  COMMAND: \"{t.Comm}\"";

    private static int Rt(KernelProgram kernel, KObject prioArray, TaskTable table, StringBuilder sb)
    {
        KObject queue = prioArray.Member("queue");
        int n = queue.UnderlyingType is Crashdive.Symbols.Types.ArrayType a ? (int)Math.Min(a.Length ?? 100, 100) : 100;
        var rtType = kernel.Type("struct sched_rt_entity");
        var taskType = T.TaskType(kernel);
        int total = 0;
        for (int prio = 0; prio < n; prio++)
        {
            KObject head = queue.Index(prio);
            if (KernelList.IsEmpty(kernel, head.Address))
                continue;
            sb.Append("     [").Append(prio.ToString().PadLeft(3)).Append("] ");
            bool first = true;
            foreach (KObject rt in KernelList.Entries(kernel, head.Address, rtType, "run_list"))
            {
                KObject task = KObject.Reference(kernel, taskType, rt.Address).ContainerOf(taskType, "rt");
                if (table.ByAddress(task.Address) is not TaskEntry t)
                    continue;
                if (!first)
                    sb.Append(' ', 11);
                sb.Append(Line(t)).Append('\n');
                first = false;
                total++;
            }
        }
        return total;
    }

    /// <summary>Most tasks one CFS run queue tree may hold before it is called corrupt.</summary>
    private const int MaxQueuedPerCpu = 1 << 22;

    private static int Cfs(KernelProgram kernel, KObject cfsRq, TaskTable table, StringBuilder sb, int depth)
    {
        if (depth > 16)
            return 0;
        var seType = kernel.Type("struct sched_entity");
        var taskType = T.TaskType(kernel);
        ulong runNode = KernelList.MemberOffset(seType, "run_node");
        int total = 0;
        foreach (ulong node in RbTreeWalk.Nodes(kernel, cfsRq.Member("tasks_timeline").Address, MaxQueuedPerCpu))
        {
            KObject se = KObject.Reference(kernel, seType, node - runNode);
            if (se.HasMember("my_q") && se.Member("my_q").ToUInt64() != 0)
            {
                total += Cfs(kernel, se.Member("my_q").Deref(), table, sb, depth + 1);
                continue;
            }
            KObject task = KObject.Reference(kernel, taskType, se.Address).ContainerOf(taskType, "se");
            if (table.ByAddress(task.Address) is not TaskEntry t)
                continue;
            sb.Append("     [").Append(T.Prio(task).ToString().PadLeft(3)).Append("] ").Append(Line(t)).Append('\n');
            total++;
        }
        return total;
    }
}
