namespace Crashdive.Commands.Tasks;

public sealed partial class RunqCommand
{
    /// <inheritdoc/>
    public CommandSpec Spec => Declaration;

    /// <summary>The declaration, static because option parsing is.</summary>
    private static CommandSpec Declaration { get; } = new()
    {
        Name = "runq",
        Summary = "run queue",
        Synopsis = Synopsis,
        Description = """
            For each CPU, prints its run queue: the task running on it, then the tasks waiting, first those of
            the real-time priority arrays by priority, then those in the fair scheduler's tree in the order they
            would run, each with its priority, pid, task_struct address and name. The options show other
            facts about the run queues instead.
            """,
        Options =
        [
            new("-t", null, "each run queue's clock, and when the task running there last started to run"),
            new("-T", null, "how far each run queue's clock lags behind the most recent one"),
            new("-m", null, "how long the task running on each CPU has been running, in days, hours, minutes, seconds and milliseconds"),
            new("-g", null, "the waiting tasks grouped by task_group, with each group's address, its cfs_rq or rt_rq, its name and whether it is throttled"),
            new("-d", null, "every task whose on_rq is set, CPU by CPU, whatever queue it is on (not in crash)"),
            new("-c", "cpu(s)", "only the CPUs listed: 3, 1,8,9, 1-23 or 1,8,9-14"),
            new("--json", null, "one JSON object per CPU: cpu, run queue, clock, the current task (with last_run and running_ns), and the queued real-time and fair tasks with prio, pid, task, comm and task_group"),
        ],
        Examples =
        [
            new("runq -c 0", "CPU 0's run queue"),
            new("runq -m", "how long each CPU's task had been running"),
        ],
    };
}
