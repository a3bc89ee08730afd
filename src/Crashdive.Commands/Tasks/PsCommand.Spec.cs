namespace Crashdive.Commands.Tasks;

public sealed partial class PsCommand
{
    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "ps",
        Summary = "display process status information",
        Synopsis = "[-k|-u|-G|-y policy] [-s] [-p|-c|-t|-[l|m][-C cpu]|-a|-g|-r|-S|-A]\n     [pid | task | command] ...",
        Description = """
            Lists the tasks of the dump, one line each, in pid order: pid, parent pid, the CPU it last ran on,
            the task_struct address, its state (RU, IN, UN, ZO, ID, ...), its share of memory, its virtual size
            and resident set in kilobytes, and its name. A task that was running on a CPU when the dump was
            taken is marked with ">". Tasks are found through the kernel's task lists, thread by thread, so
            every task the kernel holds is listed.

            Without arguments every task is shown; otherwise only the ones named. Most options replace the table
            with another view of the same tasks, and only one such view can be asked for at a time (-p, -c, -t,
            -l, -m, -a, -g, -r, -S, -A).
            """,
        Options =
        [
            new("-k", null, "only kernel threads"),
            new("-u", null, "only user tasks"),
            new("-G", null, "only thread group leaders (one line per process)"),
            new("-y", "policy", "only tasks with these scheduling policies: names (NORMAL, FIFO, RR, BATCH, IDLE, DEADLINE) or numbers, separated by commas"),
            new("-s", null, "show the kernel stack address (KSTACKP) instead of the task address"),
            new("-p", null, "each task's line of ancestors, from pid 0 down to it"),
            new("-c", null, "each task's children"),
            new("-t", null, "run time, start time, and user and system time of each task"),
            new("-l", null, "when each task last ran (the run queue clock in nanoseconds), most recent first"),
            new("-m", null, "as -l, as time before the dump in days, hours, minutes, seconds and milliseconds"),
            new("-C", "cpu", "with -l or -m: a section per CPU, for the CPUs listed (a for all)"),
            new("-a", null, "each task's command-line arguments and environment, read from its user memory"),
            new("-g", null, "the threads of each task's thread group, under the leader"),
            new("-r", null, "each task's resource limits, current and maximum"),
            new("-S", null, "how many tasks are in each state; takes no task arguments"),
            new("-A", null, "only the tasks running on a CPU (the active ones)"),
            new("--json", null, "one JSON object per task and line"),
        ],
        Arguments =
        [
            new("pid", "a process id (all threads with it)"),
            new("task", "a task_struct address, hexadecimal"),
            new("command", "a task name; start it with \\ when it looks like a number, or put a regular expression in single quotes"),
        ],
        Examples =
        [
            new("ps -A", "what each CPU was running"),
            new("ps -y FIFO,RR", "the real-time tasks"),
            new("ps 'kworker.*'", "every kworker thread"),
        ],
    };
}
