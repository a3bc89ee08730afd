using System.Text.Json;
using Crashdive.Dumps;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

public sealed partial class RunqCommand
{
    /// <summary>
    /// <c>runq --json [-c cpus]</c>: one object per CPU: cpu, runqueue, clock (rq.clock, ns), current (the
    /// running task, with its last_run and how long it has run), then rt and cfs, the queued tasks in crash's
    /// order with prio, pid, task, comm and task_group (the group whose run queue holds it; groups' own
    /// entities are replaced by their tasks). A CPU whose run queue cannot be read carries an <c>error</c>.
    /// </summary>
    public void ExecuteJson(CommandContext context, IReadOnlyList<string> args)
    {
        var kernel = context.Kernel;
        Request r = Parse(kernel, args);
        if (r.Mode != ' ')
            throw new CommandException($"--json takes only -c (not -{r.Mode})");
        var table = TaskTable.Of(kernel);
        var active = Runqueues.ActiveTasks(kernel);
        var lines = new JsonLines(context.Out);
        foreach (int cpu in r.Cpus)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var rt = new List<(int Prio, TaskEntry Task, ulong Group)>();
            var cfs = new List<(int Prio, TaskEntry Task, ulong Group)>();
            ulong rqAddress = 0, clock = 0, lastRun = 0;
            string? error = null;
            TaskEntry? current = table.ByAddress(active[cpu]);
            try
            {
                KObject rq = Runqueues.Of(kernel, cpu);
                rqAddress = rq.Address;
                clock = Runqueues.Clock(kernel, cpu);
                if (current != null)
                    lastRun = Helpers.Tasks.Tasks.LastRun(Helpers.Tasks.Tasks.At(kernel, current.Task));
                FlatRt(kernel, rq.Member("rt"), table, rt, 0);
                FlatCfs(kernel, rq.Member("cfs"), table, cfs, new HashSet<ulong>(), 0);
            }
            catch (Exception e) when (e is MemoryFaultException or KernelObjectException or Helpers.Lists.ListWalkException)
            {
                error = e.Message;
            }
            lines.Write(json =>
            {
                json.WriteNumber("cpu", cpu);
                json.WriteString("runqueue", rqAddress.ToString("x"));
                json.WriteNumber("clock", clock);
                json.WritePropertyName("current");
                if (current == null)
                    json.WriteStringValue(active[cpu].ToString("x"));
                else
                {
                    json.WriteStartObject();
                    json.WriteNumber("pid", current.Pid);
                    json.WriteString("task", current.Task.ToString("x"));
                    json.WriteString("comm", current.Comm);
                    json.WriteNumber("last_run", lastRun);
                    json.WriteNumber("running_ns", clock > lastRun ? clock - lastRun : 0);
                    json.WriteEndObject();
                }
                WriteQueue(kernel, json, "rt", rt);
                WriteQueue(kernel, json, "cfs", cfs);
                if (error != null)
                    json.WriteString("error", error);
            });
        }
    }

    private static void WriteQueue(KernelProgram kernel, Utf8JsonWriter json, string name, List<(int Prio, TaskEntry Task, ulong Group)> queue)
    {
        json.WriteStartArray(name);
        foreach (var (prio, t, group) in queue)
        {
            json.WriteStartObject();
            json.WriteNumber("prio", prio);
            json.WriteNumber("pid", t.Pid);
            json.WriteString("task", t.Task.ToString("x"));
            json.WriteString("comm", t.Comm);
            if (group != 0)
            {
                json.WriteString("task_group", group.ToString("x"));
                if (TaskGroups.Name(kernel, group) is string cgroup)
                    json.WriteString("cgroup", cgroup);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static ulong GroupOf(KObject rq) => rq.HasMember("tg") ? rq.Member("tg").ToUInt64() : 0;

    private static void FlatRt(KernelProgram kernel, KObject rtRq, TaskTable table, List<(int, TaskEntry, ulong)> into, int depth)
    {
        if (depth > MaxGroupDepth)
            return;
        foreach (var (prio, entity) in SchedQueues.RtEntities(rtRq.Member("active")))
        {
            ulong myQ = SchedQueues.RtMyQ(kernel, entity);
            if (myQ != 0)
            {
                FlatRt(kernel, KObject.Reference(kernel, kernel.Type("struct rt_rq"), myQ), table, into, depth + 1);
                continue;
            }
            if (table.ByAddress(SchedQueues.TaskOfRtEntity(kernel, entity)) is TaskEntry t)
                into.Add((prio, t, GroupOf(rtRq)));
        }
    }

    private static void FlatCfs(KernelProgram kernel, KObject cfsRq, TaskTable table, List<(int, TaskEntry, ulong)> into, HashSet<ulong> seen, int depth)
    {
        if (depth > MaxGroupDepth)
            return;
        ulong curr = cfsRq.Member("curr").ToUInt64();
        if (curr != 0 && SchedQueues.CfsMyQ(kernel, curr) is ulong currQ and not 0)
            FlatCfs(kernel, CfsRq(kernel, currQ), table, into, seen, depth + 1);
        foreach (ulong se in SchedQueues.CfsEntities(cfsRq))
        {
            ulong myQ = SchedQueues.CfsMyQ(kernel, se);
            if (myQ != 0)
            {
                FlatCfs(kernel, CfsRq(kernel, myQ), table, into, seen, depth + 1);
                continue;
            }
            if (table.ByAddress(SchedQueues.TaskOfCfsEntity(kernel, se)) is not TaskEntry t || !seen.Add(t.Task))
                continue;
            into.Add((Helpers.Tasks.Tasks.Prio(Helpers.Tasks.Tasks.At(kernel, t.Task)), t, GroupOf(cfsRq)));
        }
    }
}
