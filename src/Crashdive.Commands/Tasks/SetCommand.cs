using System.Globalization;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Sched;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// <c>set</c> for the task context: with no argument shows the current task, with a PID or task address
/// makes it current, <c>-c cpu</c> picks the task running on that CPU, <c>-p</c> the panic task. The
/// choice is kept in <see cref="KernelProgram.CurrentTask"/>, where every command finds it. crash's
/// internal variables (<c>set scroll</c>...) belong to the prompt, which handles them before this.
/// </summary>
public sealed partial class SetCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "set";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt("pvc:a:").Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandUsageException(parsed.Errors[0]);
        var kernel = context.Kernel;
        var table = TaskTable.Of(kernel);
        foreach (var o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 'c':
                    if (!int.TryParse(o.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu))
                        throw new CommandException($"invalid cpu number: {o.Value}");
                    int cpus = Runqueues.CpuCount(kernel);
                    if (cpu >= cpus)
                        throw new CommandException($"invalid cpu number: system has only {cpus} cpus");
                    var active = Runqueues.ActiveTasks(kernel);
                    if (table.ByAddress(active[cpu]) is not TaskEntry onCpu)
                        throw new CommandException($"no active task on cpu {cpu}");
                    global::Crashdive.Helpers.Stack.FrameSelection.Clear(kernel);
                    kernel.CurrentTask = onCpu.Task;
                    context.Out.Write(Context(kernel, onCpu));
                    return;
                case 'p':
                    if (table.ByAddress(Runqueues.PanicTask(kernel)) is not TaskEntry panic)
                    {
                        context.Out.Write("set: no panic task found!\n");
                        return;
                    }
                    global::Crashdive.Helpers.Stack.FrameSelection.Clear(kernel);
                    kernel.CurrentTask = panic.Task;
                    context.Out.Write(Context(kernel, panic));
                    return;
                case 'v':
                    throw new CommandException("-v (crash's internal variables) is not supported");
                case 'a':
                    throw new CommandException("-a (marking a task active) is not supported");
            }
        }
        if (parsed.Words.Count == 0)
        {
            context.Out.Write(Context(kernel, TaskDisplay.CurrentTask(kernel)));
            return;
        }
        string w = parsed.Words[0];
        if (!TaskDisplay.IsNumber(w))
            throw new CommandException($"invalid set command: {w}");
        if (TaskDisplay.Resolve(kernel, w) is not { } found)
            throw new CommandException($"invalid task or pid value: {w}");
        global::Crashdive.Helpers.Stack.FrameSelection.Clear(kernel);
        kernel.CurrentTask = found[0].Task;
        context.Out.Write(Context(kernel, found[0]));
    }

    /// <summary>crash's <c>show_context()</c> block (PID, COMMAND, TASK, CPU, STATE) for <paramref name="t"/>.</summary>
    public static string Context(KernelProgram kernel, TaskEntry t)
    {
        var table = TaskTable.Of(kernel);
        var sb = new StringBuilder(256);
        sb.Append("    PID: ").Append(t.Pid).Append('\n');
        sb.Append("COMMAND: \"").Append(t.Comm).Append("\"\n");
        sb.Append("   TASK: ").Append(t.Task.ToString("x")).Append("  ");
        int same = table.ByPid(t.Pid).Count();
        if (same > 1)
            sb.Append("(1 of ").Append(same).Append(")  ");
        // thread_info lives at the start of task_struct since 4.9 (CONFIG_THREAD_INFO_IN_TASK).
        sb.Append("[THREAD_INFO: ").Append(t.Task.ToString("x")).Append("]\n");
        sb.Append("    CPU: ").Append(t.Cpu).Append('\n');
        sb.Append("  STATE: ").Append(TaskState.Verbose(TaskState.Of(Helpers.Tasks.Tasks.At(kernel, t.Task)))).Append(' ');
        if (TaskDisplay.IsActive(kernel, t.Task))
            sb.Append(t.Task == Runqueues.PanicTask(kernel) ? "(PANIC)" : "(ACTIVE)");
        sb.Append('\n');
        return sb.ToString();
    }
}
