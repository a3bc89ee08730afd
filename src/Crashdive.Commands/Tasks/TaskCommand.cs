using Crashdive.Commands.Arguments;
using Crashdive.Commands.Printing;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary>crash's <c>task</c>: each task's header line, then its task_struct (or the members <c>-R</c> names) as <c>struct</c> prints them.</summary>
public sealed class TaskCommand : ICommand
{
    /// <summary>crash's synopsis of task.</summary>
    public const string Synopsis = "[-R member[,member]] [-dx] [pid | taskp] ...";

    /// <inheritdoc/>
    public string Name => "task";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "task",
        Summary = "task_struct contents",
        Synopsis = Synopsis,
        Description = """
            For each task given (the current one when none is), prints its header line (pid, task address, CPU
            and name) and then its whole task_struct, laid out as the struct command prints one, followed by its
            thread_info. With -R, only the members named.
            """,
        Options =
        [
            new("-R", "member[,member]", "only these members; a member may be a path (thread.sp) or an array element; may be given more than once"),
            new("-x", null, "integers in hexadecimal"),
            new("-d", null, "integers in decimal"),
        ],
        Arguments =
        [
            new("pid", "a process id"),
            new("taskp", "a task_struct address, hexadecimal"),
        ],
        Examples =
        [
            new("task -R comm,prio,on_cpu 1", "three members of pid 1's task_struct"),
            new("foreach UN task -R __state", "the state word of every task in uninterruptible sleep"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        GetoptResult parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join($"\n{Name}: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var members = new List<string>();
        int radix = 0;
        foreach (GetoptOption o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 'R':
                    foreach (string m in (o.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        members.Add(m);
                    break;
                case 'x': radix = 16; break;
                case 'd': radix = 10; break;
            }
        }
        KernelProgram kernel = context.Kernel;
        FormatOptions options = SessionSettings.Of(context.Kernel).Format(radix);
        IReadOnlyList<TaskEntry> tasks;
        try
        {
            tasks = TaskDisplay.TasksOrCurrent(kernel, parsed.Words);
        }
        catch (CommandException e)
        {
            throw new CommandException(e.Message + "\n"); // as crash, a blank line follows
        }
        foreach (TaskEntry t in tasks)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            KObject task = Helpers.Tasks.Tasks.At(kernel, t.Task);
            context.Out.Write(TaskDisplay.Header(t));
            if (members.Count > 0)
                WriteMembers(context, task, members, options);
            else
                context.Out.Write(StructPrinter.FormatWhole(task, "task_struct", options));
            context.Out.Write('\n');
            // crash follows the whole task_struct with its thread_info (inside the task since 4.9).
            if (members.Count == 0 && task.HasMember("thread_info"))
            {
                context.Out.Write(StructPrinter.FormatWhole(task.Member("thread_info"), "thread_info", options));
                context.Out.Write('\n');
            }
        }
    }

    /// <summary>
    /// <c>-R</c>: the members the task_struct has, then those its thread_info has (crash looks in both,
    /// so <c>flags</c> prints twice); a member in neither stops the command with crash's words.
    /// </summary>
    private static void WriteMembers(CommandContext context, KObject task, List<string> members, FormatOptions options)
    {
        KObject? threadInfo = task.HasMember("thread_info") ? task.Member("thread_info") : null;
        var inTask = new List<string>();
        var inThreadInfo = new List<string>();
        foreach (string m in members)
        {
            string root = m.Split('.', '[')[0];
            bool t = task.HasMember(root), ti = threadInfo is KObject info && info.HasMember(root);
            if (!t && !ti)
                throw new CommandException($"{m}: not a task_struct or thread_info member\n"); // crash ends the task with a blank line
            if (t)
                inTask.Add(m);
            if (ti)
                inThreadInfo.Add(m);
        }
        if (inTask.Count > 0)
            StructPrinter.WriteMembers(context.Out, task, inTask, options, "task_struct", "task");
        if (inThreadInfo.Count > 0 && threadInfo is KObject ti2)
            StructPrinter.WriteMembers(context.Out, ti2, inThreadInfo, options, "thread_info", "task");
    }

}
