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
    public string Summary => "task_struct contents";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        GetoptResult parsed = new Getopt("R:dx").Parse(args);
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

    /// <inheritdoc/>
    public string Help => """
        NAME
          task - task_struct and thread_info contents

        SYNOPSIS
          task [-R member[,member]] [-dx] [pid | taskp] ...

        DESCRIPTION
          This command dumps a formatted display of the contents of a task's
          task_struct and thread_info structures.  Multiple task or PID numbers
          may be entered; if no arguments are entered, the task_struct and
          thread_info structures of the current context are displayed.  The -R option,
          which may also be invoked indirectly via "foreach task", pares the output
          down to one or more structure members.

                pid  a process PID.
              taskp  a hexadecimal task_struct pointer.
          -R member  a comma-separated list of one or more task_struct and/or
                     thread_info structure members.  If any member contains an embedded
                     structure, or is an array, the output may be restricted to the 
                     embedded structure or an array element by expressing the member
                     argument as "member.member" or "member[index]"; embedded member
                     specifications may extend beyond one level deep, by expressing the
                     member argument as "member.member.member...".
                 -x  override default output format with hexadecimal format.
                 -d  override default output format with decimal format.

        EXAMPLES
          Dump the task_struct and thread_info structures of the current context
          in hexadecimal format:

            crash> task -x
            PID: 3176   TASK: f2451550  CPU: 1   COMMAND: "memtest"
            struct task_struct {
              state = 0x0, 
              stack = 0xf05b6000, 
              usage = {
                counter = 0x2
              }, 
              flags = 0x402040, 
              ptrace = 0x0, 
              lock_depth = 0xffffffff, 
              prio = 0x78, 
              static_prio = 0x78, 
              normal_prio = 0x78, 
              rt_priority = 0x0, 
            ...
              perf_event_ctxp = {0x0, 0x0}, 
              memcg_batch = {
                do_batch = 0x0, 
                memcg = 0x0, 
                bytes = 0x0, 
                memsw_bytes = 0x0
              }
            }

            struct thread_info {
              task = 0xf2451550, 
              exec_domain = 0xc0a60860, 
              flags = 0x88, 
              status = 0x0, 
              cpu = 0x1, 
              preempt_count = 0x4010000, 
              addr_limit = {
                seg = 0xc0000000
              }, 
              restart_block = {
            ...

          Display the ngroups and groups task_struct members for PID 2958:

            crash> task -R ngroups,groups 2958
            PID: 2958   TASK: c6718000  CPU: 0   COMMAND: "bash"
              ngroups = 6, 
              groups = {504, 8, 9, 1000, 1007, 1006, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},

          Display the embedded sched_entity structure's on_rq member:

            crash> task -R se.on_rq
            PID: 6529   TASK: ffff880116538790  CPU: 1   COMMAND: "bash"
              se.on_rq = 1,

          Display the 3rd pid_link structure in the embedded pids[] array:

          crash> task -R pids[2]
          PID: 6529   TASK: ffff880116538790  CPU: 0   COMMAND: "bash"
            pids[2] =   {
            node = {
              next = 0xffff8801165391b0,
              pprev = 0xffff880209d011b0
            },
            pid = 0xffff8801f0876e00
          }

          NOTE: When this command is invoked directly (i.e., not from "foreach"), it
          is not necessary to include the "-R" before the task_struct/thread_info
          member name(s).
        """;
}
