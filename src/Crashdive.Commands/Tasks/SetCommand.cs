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
/// choice is kept in <see cref="KernelProgram.CurrentTask"/>, where every command finds it. <c>-a</c> marks
/// a task as the running task of its CPU; crash's internal variables (<c>set radix 16</c>, <c>set -v</c>)
/// live in <see cref="SessionSettings"/>.
/// </summary>
public sealed partial class SetCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "set";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
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
                    // crash 9.0.2 says nothing when that task is the current context already (8.0.2 showed it)
                    if (onCpu.Task == TaskDisplay.CurrentTask(kernel).Task)
                        return;
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
                    context.Out.Write(ShowOptions(kernel));
                    return;
                case 'a':
                    MarkActive(context, o.Value!);
                    return;
            }
        }
        if (parsed.Words.Count == 0)
        {
            context.Out.Write(Context(kernel, TaskDisplay.CurrentTask(kernel)));
            return;
        }
        // as crash's cmd_set: each word is a variable (which ends the command) or a task to make current
        for (int i = 0; i < parsed.Words.Count; i++)
        {
            string w = parsed.Words[i];
            if (IsVariable(w))
            {
                Variable(context, parsed.Words, i);
                return;
            }
            if (TaskDisplay.Resolve(kernel, w) is not { } found)
            {
                context.Out.Write($"set: invalid task or pid value: {w}\n");
                continue;
            }
            global::Crashdive.Helpers.Stack.FrameSelection.Clear(kernel);
            kernel.CurrentTask = found[0].Task;
            context.Out.Write(Context(kernel, found[0]));
        }
    }

    /// <summary>crash's <c>set -a</c>: <paramref name="word"/>'s task becomes the running task of its CPU.</summary>
    private static void MarkActive(CommandContext context, string word)
    {
        var kernel = context.Kernel;
        if (TaskDisplay.Resolve(kernel, word) is not { } found)
            throw new CommandException($"invalid task or pid value: {word}");
        if (found.Count > 1)
            throw new CommandException($"pid {word} has {found.Count} tasks: use a task address");
        TaskEntry t = found[0];
        if (t.Cpu < 0 || t.Cpu >= Runqueues.CpuCount(kernel))
            throw new CommandException($"task {t.Task:x} has an invalid cpu: {t.Cpu}");
        Runqueues.MarkActive(kernel, t.Cpu, t.Task);
        context.Out.Write($"\"{t.Comm}\" task {t.Task:x} has been marked as the active task on cpu {t.Cpu}\n");
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
            sb.Append(t.Task != Runqueues.PanicTask(kernel) ? "(ACTIVE)"
                : Helpers.Stack.TaskBacktrace.PanicTaskStoppedBySysrq(kernel) ? "(SYSRQ)" : "(PANIC)");
        sb.Append('\n');
        return sb.ToString();
    }
}
