using System.Globalization;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary>
/// <c>sig</c>: a task's signal handling as crash 8.0.2 prints it (<c>cmd_sig</c>, <c>dump_signal_data</c>): the thread
/// group's dispositions of all 64 signals, whether a signal is pending, the blocked set, the thread's and the group's
/// pending sets and queued signals; <c>-g</c> for every thread of the group, <c>-l</c> the signal names, <c>-s</c> a
/// set translated to names.
/// </summary>
public sealed partial class SigCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[[-l] | [-s sigset]] | [-g] [pid | taskp] ...";

    // x86-64 sa_flags bits, in the order crash names them
    private static readonly (ulong Bit, string Name)[] FlagNames =
    [
        (0x00000001, "SA_NOCLDSTOP"), (0x04000000, "SA_RESTORER"), (0x00000002, "SA_NOCLDWAIT"), (0x00000004, "SA_SIGINFO"),
        (0x08000000, "SA_ONSTACK"), (0x10000000, "SA_RESTART"), (0x40000000, "SA_NODEFER"), (0x80000000, "SA_RESETHAND"),
    ];

    /// <inheritdoc/>
    public string Name => "sig";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "sig",
        Summary = "task signal handling",
        Synopsis = Synopsis,
        Description = """
            For a task (the current one when none is given), prints how its thread group handles each of the 64
            signals (the sigaction handler, mask and flags by name), whether a signal is pending, the blocked
            set, and the pending sets with their queued signals, first the thread's own, then the group's shared
            ones.
            """,
        Options =
        [
            new("-g", null, "the same for every thread of the task's thread group, the group's data once"),
            new("-l", null, "the signal numbers and their names"),
            new("-s", "sigset", "the names of the signals in a hexadecimal signal set"),
            new("-R", "member", "crash's struct member display of signal data: refused for now"),
        ],
        Arguments =
        [
            new("pid", "a process id"),
            new("taskp", "a task_struct address, hexadecimal"),
        ],
        Examples =
        [
            new("sig -s 4000", "which signal that mask holds (SIGTERM)"),
            new("foreach sig -g", "signal state of every process"),
        ],
    };

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandException(string.Join("\nsig: ", parsed.Errors) + "\n" + CrashText.Usage(Name, Synopsis));
        var kernel = context.Kernel;
        bool group = false, reference = false;
        foreach (var o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 's':
                    context.Out.Write(SigNames.Translate(ParseSet(o.Value!)));
                    return;
                case 'l':
                    context.Out.Write(SigNames.List());
                    return;
                case 'g':
                    group = true;
                    break;
                case 'R':
                    reference = true;
                    break;
            }
        }
        var tasks = new List<TaskEntry>();
        bool bogus = false;
        foreach (string w in parsed.Words)
        {
            if (TaskDisplay.IsNumber(w))
            {
                if (TaskDisplay.Resolve(kernel, w) is { } found)
                    tasks.AddRange(found);
                else
                {
                    bogus = true;
                    context.Out.Write($"sig: invalid task or pid value: {w}\n\n");
                }
            }
            else if (w.Contains(',', StringComparison.Ordinal) || kernel.FindType("struct task_struct")?.Underlying() is global::Crashdive.Symbols.Types.StructType tt && tt.FindMemberPath(w) is not null)
                reference = true;
            else
                context.Out.Write($"sig: invalid task or pid value: {w}\n\n");
        }
        if (tasks.Count == 0 && !bogus)
            tasks.Add(TaskDisplay.CurrentTask(kernel));
        var shownIdle = new bool[1];
        foreach (var t in tasks)
        {
            var o = new StringBuilder();
            if (group)
                ThreadGroup(kernel, t, o, shownIdle);
            else
            {
                if (reference)
                    throw new CommandException("-R not supported yet");
                o.Append(TaskDisplay.Header(t));
                Data(kernel, t, o, taskLevel: true, groupLevel: true, indent: false);
                o.Append('\n');
            }
            context.Out.Write(o.ToString());
        }
    }

    /// <summary>
    /// foreach's sig for one task: the task header (foreach's own), then the signal data; with <paramref name="group"/>
    /// the thread group of the task once per group (<paramref name="groupsShown"/> holds the leaders done).
    /// </summary>
    public static void ForeachOne(CommandContext context, TaskEntry task, bool group, HashSet<ulong> groupsShown, bool subsequent)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        if (group)
        {
            var leader = TaskTable.Of(kernel).ByPid(task.Tgid).FirstOrDefault(l => l.Tgid == task.Tgid) ?? task;
            if (groupsShown.Add(leader.Task))
                ThreadGroup(kernel, leader, o, new bool[1]);
        }
        else
        {
            if (subsequent)
                o.Append('\n');
            o.Append(TaskDisplay.Header(task));
            Data(kernel, task, o, taskLevel: true, groupLevel: true, indent: false);
        }
        context.Out.Write(o.ToString());
    }

    // crash's do_sig_thread_group: the group's data under its leader, then each thread's own
    private static void ThreadGroup(KernelProgram kernel, TaskEntry t, StringBuilder o, bool[] shownIdle)
    {
        var table = TaskTable.Of(kernel);
        if (t.Pid != t.Tgid)
        {
            if (table.ByPid(t.Tgid).FirstOrDefault() is not { } leader)
                return;
            t = leader;
        }
        if (t.Pid == 0 && shownIdle[0])
            return;
        o.Append(TaskDisplay.Header(t));
        Data(kernel, t, o, taskLevel: false, groupLevel: true, indent: false);
        o.Append("\n  ").Append(TaskDisplay.Header(t));
        Data(kernel, t, o, taskLevel: true, groupLevel: false, indent: true);
        foreach (var other in table.Tasks)
        {
            if (other.Task == t.Task || other.Tgid != t.Tgid)
                continue;
            o.Append("\n  ").Append(TaskDisplay.Header(other));
            Data(kernel, other, o, taskLevel: true, groupLevel: false, indent: true);
            if (other.Pid == 0)
                shownIdle[0] = true;
        }
        o.Append('\n');
    }

    private static ulong ParseSet(string word)
    {
        string w = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word;
        return w.Length is > 0 and <= 16 && ulong.TryParse(w, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new CommandException($"invalid input: \"{word}\"");
    }
}
