using Crashdive.Dumps;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

public sealed partial class PsCommand : IJsonCommand
{
    /// <summary>
    /// <c>ps --json</c>: one object per task, in ps's order: pid, ppid, tgid, cpu, task (hex), state
    /// (crash's letters), active (running on a CPU), kernel_thread, vsz_kb, rss_kb, mem_pct, comm. A
    /// task whose fields cannot be read carries an <c>error</c> instead of the fields that failed.
    /// </summary>
    public void ExecuteJson(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count > 0)
            throw new CommandException("--json takes no other arguments");
        KernelProgram kernel = context.Kernel;
        TaskTable table = TaskTable.Of(kernel);
        var active = new HashSet<ulong>(Runqueues.ActiveTasks(kernel));
        ulong pageKb = (ulong)kernel.Dump.PageSize / 1024;
        var lines = new JsonLines(context.Out);
        foreach (TaskEntry t in table.Tasks)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            string? state = null, error = null;
            (ulong Vm, ulong Rss, double Pct) mem = default;
            try
            {
                state = TaskState.Letters(TaskState.Of(Helpers.Tasks.Tasks.At(kernel, t.Task)));
                mem = MemUsage(kernel, t);
            }
            catch (Exception e) when (e is MemoryFaultException or KernelObjectException)
            {
                error = e.Message;
            }
            int ppid = table.ByAddress(t.ParentTask)?.Pid ?? 0;
            lines.Write(json =>
            {
                json.WriteNumber("pid", t.Pid);
                json.WriteNumber("ppid", ppid);
                json.WriteNumber("tgid", t.Tgid);
                json.WriteNumber("cpu", t.Cpu);
                json.WriteString("task", t.Task.ToString("x"));
                if (state != null)
                    json.WriteString("state", state);
                json.WriteBoolean("active", active.Contains(t.Task));
                json.WriteBoolean("kernel_thread", t.IsKernelThread);
                json.WriteNumber("vsz_kb", mem.Vm * pageKb);
                json.WriteNumber("rss_kb", mem.Rss * pageKb);
                json.WriteNumber("mem_pct", Math.Round(mem.Pct, 1));
                json.WriteString("comm", t.Comm);
                if (error != null)
                    json.WriteString("error", error);
            });
        }
    }
}
