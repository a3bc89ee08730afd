using System.Text;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

public sealed partial class RunqCommand
{
    /// <summary>
    /// crash's <c>dump_tasks_by_task_group</c> (<c>-g</c>): per CPU the running task, then the root group's RT
    /// and CFS run queues with the groups below them indented, each group line naming its task_group, run
    /// queue, cgroup and throttling. Group lines follow crash's order, including groups with nothing queued
    /// whose descendants have tasks.
    /// </summary>
    private static void ByTaskGroup(CommandContext context, IReadOnlyList<int> cpus, StringBuilder sb)
    {
        var kernel = context.Kernel;
        if (TaskGroups.Root(kernel) is not var (root, label))
            throw new CommandException("cannot determine root task_group");
        bool hasCfs = root.HasMember("cfs_rq"), hasRt = root.HasMember("rt_rq");
        if ((!hasCfs && !hasRt) || !root.HasMember("parent"))
            throw new CommandException("-g option not supported or applicable on this architecture or kernel");
        var walk = new GroupWalk(kernel, TaskGroups.All(kernel), sb);
        var table = TaskTable.Of(kernel);
        var active = Runqueues.ActiveTasks(kernel);
        int shown = 0;
        foreach (int cpu in cpus)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            sb.Append(shown++ > 0 ? "\n" : "").Append("CPU ").Append(cpu).Append('\n');
            sb.Append("  CURRENT: ");
            TaskEntry? tc = table.ByAddress(active[cpu]);
            if (tc != null)
                sb.Append(Line(tc)).Append('\n');
            else
                sb.Append(active[cpu].ToString("x")).Append('\n');
            if (hasRt)
            {
                ulong rtRq = TaskGroups.RunQueue(kernel, root.Address, "rt_rq", cpu);
                sb.Append("  ").Append(label).Append("_TASK_GROUP: ").Append(root.Address.ToString("x")).Append("  RT_RQ: ").Append(rtRq.ToString("x")).Append('\n');
                walk.Reuse();
                walk.Rt(0, rtRq, cpu);
            }
            if (hasCfs)
            {
                ulong cfsRq = TaskGroups.RunQueue(kernel, root.Address, "cfs_rq", cpu);
                sb.Append("  ").Append(label).Append("_TASK_GROUP: ").Append(root.Address.ToString("x")).Append("  CFS_RQ: ").Append(cfsRq.ToString("x")).Append('\n');
                walk.Reuse();
                walk.Cfs(0, cfsRq, cpu, tc);
            }
        }
    }

    /// <summary>The task-group walk of <c>runq -g</c>, keeping crash's per-group "header not yet printed" marks.</summary>
    private sealed class GroupWalk(KernelProgram kernel, IReadOnlyList<TaskGroupInfo> groups, StringBuilder sb)
    {
        private readonly bool[] _use = new bool[groups.Count];
        private readonly TaskTable _table = TaskTable.Of(kernel);

        /// <summary>crash's <c>reuse_task_group_info_array</c>: every group below the root needs its header again.</summary>
        public void Reuse()
        {
            for (int i = 0; i < groups.Count; i++)
                _use[i] = groups[i].Depth != 0;
        }

        private KObject CfsRq(ulong address) => KObject.Reference(kernel, kernel.Type("struct cfs_rq"), address);

        private KObject RtRq(ulong address) => KObject.Reference(kernel, kernel.Type("struct rt_rq"), address);

        private int IndexOf(ulong taskGroup)
        {
            for (int i = 0; i < groups.Count; i++)
            {
                if (groups[i].TaskGroup == taskGroup)
                    return i;
            }
            return -1;
        }

        private void Indent(int n) => sb.Append(' ', Math.Max(n, 0));

        private void HeaderFair(int depth, ulong cfsRq, int i)
        {
            Indent(2 + 3 * depth);
            sb.Append("TASK_GROUP: ").Append(groups[i].TaskGroup.ToString("x")).Append("  CFS_RQ: ").Append(cfsRq.ToString("x")).Append(' ');
            if (groups[i].Name is string name)
                sb.Append(" <").Append(name).Append('>');
            KObject rq = CfsRq(cfsRq);
            if (rq.HasMember("throttled") && rq.Member("throttled").ToInt64() != 0)
                sb.Append(" (THROTTLED)");
            sb.Append('\n');
        }

        private void ParentFair(int i, int cpu)
        {
            int p = groups[i].Parent;
            if (p < 0 || !_use[p])
                return;
            ParentFair(p, cpu);
            HeaderFair(groups[p].Depth, TaskGroups.RunQueue(kernel, groups[p].TaskGroup, "cfs_rq", cpu), p);
            _use[p] = false;
        }

        private int LowerDequeuedCfs(int depth, ulong cfsRq, int cpu, TaskEntry? current)
        {
            int total = 0;
            for (int i = 0; i < groups.Count; i++)
            {
                if (!_use[i] || groups[i].Depth - depth != 1)
                    continue;
                if (CfsRq(cfsRq).Member("tg").ToUInt64() != groups[groups[i].Parent].TaskGroup)
                    continue;
                ulong child = TaskGroups.RunQueue(kernel, groups[i].TaskGroup, "cfs_rq", cpu);
                if (child == cfsRq)
                    continue;
                if (CfsRq(child).Member("nr_running").ToInt64() == 0)
                {
                    total += LowerDequeuedCfs(depth + 1, child, cpu, current);
                    continue;
                }
                ParentFair(i, cpu);
                total++;
                total += Cfs(depth + 1, child, cpu, current);
            }
            return total;
        }

        /// <summary>crash's <c>dump_tasks_in_task_group_cfs_rq</c>.</summary>
        public int Cfs(int depth, ulong cfsRq, int cpu, TaskEntry? current)
        {
            if (depth > MaxGroupDepth)
                return 0;
            int total = 0;
            KObject rq = CfsRq(cfsRq);
            if (depth > 0 && IndexOf(rq.Member("tg").ToUInt64()) is int i and >= 0)
            {
                HeaderFair(depth, cfsRq, i);
                _use[i] = false;
            }
            ulong curr = rq.Member("curr").ToUInt64(), currQ = 0;
            if (curr != 0 && (currQ = SchedQueues.CfsMyQ(kernel, curr)) != 0)
            {
                total++;
                total += Cfs(depth + 1, currQ, cpu, current);
            }
            // the running task is not in the tree: crash prints it first, marked
            if (currQ == 0 && current != null && curr != 0 && SchedQueues.TaskOfCfsEntity(kernel, curr) == current.Task)
            {
                total++;
                Indent(5 + 3 * depth);
                Entry(kernel, sb, current, true);
            }
            foreach (ulong se in SchedQueues.CfsEntities(rq))
            {
                ulong myQ = SchedQueues.CfsMyQ(kernel, se);
                if (myQ != 0)
                {
                    total++;
                    total += Cfs(depth + 1, myQ, cpu, current);
                    continue;
                }
                if (_table.ByAddress(SchedQueues.TaskOfCfsEntity(kernel, se)) is not TaskEntry t)
                    continue;
                Indent(5 + 3 * depth);
                Entry(kernel, sb, t, false);
                total++;
            }
            total += LowerDequeuedCfs(depth, cfsRq, cpu, current);
            if (total == 0)
            {
                Indent(5 + 3 * depth);
                sb.Append("[no tasks queued]\n");
            }
            return total;
        }

        private void HeaderRt(ulong rtRq, int i)
        {
            sb.Append("TASK_GROUP: ").Append(groups[i].TaskGroup.ToString("x")).Append("  RT_RQ: ").Append(rtRq.ToString("x"));
            if (groups[i].Name is string name)
                sb.Append(" <").Append(name).Append('>');
            KObject tg = KObject.Reference(kernel, kernel.Type("struct task_group"), groups[i].TaskGroup);
            if (tg.HasMember("rt_bandwidth") && RtRq(rtRq).Member("rt_throttled").ToInt64() != 0)
                sb.Append(" (THROTTLED)");
            sb.Append('\n');
        }

        private int HighestPrio(ulong rtRq) => (int)RtRq(rtRq).Member("highest_prio.curr").ToInt64();

        private void ParentRt(int i, int cpu)
        {
            int p = groups[i].Parent;
            if (p < 0 || !_use[p])
                return;
            ParentFair(p, cpu); // sic: crash 8.0.2 prints the parents' CFS headers here
            ulong rtRq = TaskGroups.RunQueue(kernel, groups[p].TaskGroup, "rt_rq", cpu);
            Indent(-1 + 6 * groups[p].Depth);
            sb.Append('[').Append(HighestPrio(rtRq).ToString().PadLeft(3)).Append("] ");
            HeaderRt(rtRq, p);
            _use[p] = false;
        }

        private int LowerDequeuedRt(int depth, ulong rtRq, int cpu)
        {
            int total = 0;
            for (int i = 0; i < groups.Count; i++)
            {
                int delta = groups[i].Depth - depth;
                if (delta > 1)
                    break;
                if (!_use[i] || delta < 1)
                    continue;
                if (RtRq(rtRq).Member("tg").ToUInt64() != groups[groups[i].Parent].TaskGroup)
                    continue;
                ulong child = TaskGroups.RunQueue(kernel, groups[i].TaskGroup, "rt_rq", cpu);
                if (child == rtRq)
                    continue;
                if (RtRq(child).Member("rt_nr_running").ToInt64() == 0)
                {
                    total += LowerDequeuedRt(depth + 1, child, cpu);
                    continue;
                }
                ParentRt(i, cpu);
                Indent(5 + 6 * depth);
                sb.Append('[').Append(HighestPrio(child).ToString().PadLeft(3)).Append("] ");
                total++;
                Rt(depth + 1, child, cpu);
            }
            return total;
        }

        /// <summary>crash's <c>dump_tasks_in_task_group_rt_rq</c>.</summary>
        public void Rt(int depth, ulong rtRq, int cpu)
        {
            if (depth > MaxGroupDepth)
                return;
            KObject rq = RtRq(rtRq);
            if (depth > 0 && IndexOf(rq.Member("tg").ToUInt64()) is int i and >= 0)
            {
                HeaderRt(rtRq, i);
                _use[i] = false;
            }
            int total = 0;
            foreach (var (prio, entity) in SchedQueues.RtEntities(rq.Member("active")))
            {
                ulong myQ = SchedQueues.RtMyQ(kernel, entity);
                if (myQ != 0)
                {
                    Indent(5 + 6 * depth);
                    sb.Append('[').Append(prio.ToString().PadLeft(3)).Append("] ");
                    total++;
                    Rt(depth + 1, myQ, cpu);
                    continue;
                }
                if (_table.ByAddress(SchedQueues.TaskOfRtEntity(kernel, entity)) is not TaskEntry t)
                    continue;
                Indent(5 + 6 * depth);
                sb.Append('[').Append(prio.ToString().PadLeft(3)).Append("] ").Append(Line(t)).Append('\n');
                total++;
            }
            total += LowerDequeuedRt(depth, rtRq, cpu);
            if (total == 0)
            {
                Indent(5 + 6 * depth);
                sb.Append("[no tasks queued]\n");
            }
        }
    }
}
